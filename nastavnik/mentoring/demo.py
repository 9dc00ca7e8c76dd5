"""Demonstration data for ``seed_demo``: a fictional region with organizations, teachers, consents, banks
of mentors and mentees, and one login per role.

Everything is invented: the region, the municipalities, the organizations and the people. Web sites and
e-mail addresses use the reserved domain ``.example`` (RFC 2606), so the demo never points to a real
site or mailbox. The same seed and reference date give the same data: every random choice comes from one
``random.Random(seed)``, and no date is taken from the clock except the reference date passed in.

Rows are written with ``bulk_create`` in one transaction (the region scale, 30,000 people, takes seconds),
so ``save()`` is not called: search keys are computed here, and no history rows are written.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction

from nastavnik.accounts.management.commands.demo_logins import DEMO_PASSWORD
from nastavnik.accounts.models import Membership, Role, User
from nastavnik.lib.dates import full_years, years_ago
from nastavnik.lib.text import normalize
from nastavnik.mentoring.models import (
    Difficulty,
    Mentee,
    MenteeCategory,
    MenteeStatus,
    Mentor,
    MentorStatus,
    MunicipalStatus,
)
from nastavnik.orgs.models import Municipality, Organization, OrganizationKind, Region
from nastavnik.people.consent_text import CURRENT_VERSION
from nastavnik.people.models import (
    Consent,
    ConsentKind,
    ConsentMethod,
    Employment,
    Gender,
    Person,
    PersonKind,
    Qualification,
    Subject,
)


@dataclass(frozen=True)
class Scale:
    municipalities: int
    organizations: int
    people: int


SCALES = {
    "small": Scale(municipalities=1, organizations=5, people=60),
    "municipality": Scale(municipalities=1, organizations=60, people=2_000),
    "region": Scale(municipalities=30, organizations=1_000, people=30_000),
}

MENTOR_SHARE = 0.12
MENTEE_SHARE = 0.12
CONSENT_SHARE = 0.80

# ---------------------------------------------------------------------------------------------- places

REGION_NAME = "Приозёрная область"
UNIVERSITY = "Приозёрный государственный педагогический университет"
CLASSICAL_UNIVERSITY = "Приозёрный государственный университет"

# (name, administrative centre, domain); the first is the demo municipality, the first three are cities.
MUNICIPALITIES = (
    ("Городской округ Светлоозёрск", "г. Светлоозёрск", "svetloozersk"),
    ("Городской округ Краснодольск", "г. Краснодольск", "krasnodolsk"),
    ("Городской округ Верхнеречинск", "г. Верхнеречинск", "verkhnerechinsk"),
    ("Белополянский муниципальный округ", "п. Белая Поляна", "belayapolyana"),
    ("Заречинский муниципальный округ", "с. Заречное", "zarechnoe"),
    ("Дубравинский муниципальный округ", "п. Дубравино", "dubravino"),
    ("Ключевский муниципальный округ", "с. Ключи", "klyuchi"),
    ("Ольховский муниципальный округ", "п. Ольховка", "olkhovka"),
    ("Луговской муниципальный округ", "с. Луговое", "lugovoe"),
    ("Приреченский муниципальный округ", "п. Приречье", "prirechye"),
    ("Новосёлковский муниципальный округ", "с. Новосёлки", "novoselki"),
    ("Староборский муниципальный округ", "п. Старый Бор", "staryybor"),
    ("Малиновский муниципальный округ", "с. Малиновка", "malinovka"),
    ("Ясеневский муниципальный округ", "п. Ясенево", "yasenevo"),
    ("Журавлёвский муниципальный округ", "с. Журавлёвка", "zhuravlevka"),
    ("Рябиновский муниципальный округ", "п. Рябиновка", "ryabinovka"),
    ("Тихореченский муниципальный округ", "п. Тихоречье", "tikhorechye"),
    ("Синегорский муниципальный округ", "п. Синегорье", "sinegorye"),
    ("Соколовский муниципальный округ", "с. Соколово", "sokolovo"),
    ("Вишнёвский муниципальный округ", "с. Вишнёвое", "vishnevoe"),
    ("Кедровский муниципальный округ", "п. Кедровый", "kedrovyy"),
    ("Полевской муниципальный округ", "с. Полевое", "polevoe"),
    ("Черёмуховский муниципальный округ", "п. Черёмушки", "cheremushki"),
    ("Ручьёвский муниципальный округ", "с. Ручьи", "ruchyi"),
    ("Сосновский муниципальный округ", "п. Сосновка", "sosnovka"),
    ("Гороховский муниципальный округ", "с. Горохово", "gorokhovo"),
    ("Орешкинский муниципальный округ", "с. Орешки", "oreshki"),
    ("Светлополянский муниципальный округ", "п. Светлая Поляна", "svetlayapolyana"),
    ("Лесноозёрский муниципальный округ", "п. Лесные Озёра", "lesnyeozera"),
    ("Камышовский муниципальный округ", "с. Камышовка", "kamyshovka"),
)

# Villages of rural schools: (village, the adjective in the school's name, domain).
VILLAGES = (
    ("с. Покровское", "Покровская", "pokrovskoe"),
    ("с. Никольское", "Никольская", "nikolskoe"),
    ("с. Александровка", "Александровская", "aleksandrovka"),
    ("с. Васильевка", "Васильевская", "vasilevka"),
    ("с. Дмитриевка", "Дмитриевская", "dmitrievka"),
    ("с. Ивановка", "Ивановская", "ivanovka"),
    ("с. Каменка", "Каменская", "kamenka"),
    ("с. Троицкое", "Троицкая", "troitskoe"),
    ("с. Успенка", "Успенская", "uspenka"),
    ("с. Знаменка", "Знаменская", "znamenka"),
    ("с. Петровка", "Петровская", "petrovka"),
    ("с. Озёрки", "Озёрская", "ozerki"),
    ("с. Берёзовка", "Берёзовская", "berezovka"),
    ("с. Михайловка", "Михайловская", "mikhaylovka"),
    ("с. Богородицкое", "Богородицкая", "bogoroditskoe"),
    ("с. Сосновый Лог", "Сосноволожская", "sosnovyylog"),
    ("с. Липовка", "Липовская", "lipovka"),
    ("с. Вознесенка", "Вознесенская", "voznesenka"),
    ("с. Ольховатка", "Ольховатская", "olkhovatka"),
    ("с. Красный Яр", "Красноярская", "krasnyyyar"),
)

STREETS = (
    "ул. Ленина",
    "ул. Мира",
    "ул. Школьная",
    "ул. Садовая",
    "ул. Молодёжная",
    "ул. Советская",
    "ул. Гагарина",
    "ул. Пушкина",
    "ул. Лесная",
    "ул. Центральная",
    "ул. Первомайская",
    "ул. Набережная",
    "ул. Октябрьская",
    "пр-т Строителей",
    "ул. Королёва",
)

KINDERGARTEN_NAMES = (
    "Солнышко",
    "Ромашка",
    "Колокольчик",
    "Берёзка",
    "Ёлочка",
    "Радуга",
    "Теремок",
    "Сказка",
    "Золотой ключик",
    "Светлячок",
    "Родничок",
    "Улыбка",
    "Капелька",
    "Звёздочка",
    "Ласточка",
    "Рябинка",
    "Алёнушка",
    "Журавушка",
)

# Organizations of additional education: (name, abbreviation, domain).
ADDITIONAL_NAMES = (
    ("Центр детского творчества", "ЦДТ", "cdt"),
    ("Дом детского творчества", "ДДТ", "ddt"),
    ("Спортивная школа", "СШ", "sport"),
    ("Станция юных техников", "СЮТ", "syut"),
    ("Центр дополнительного образования «Перспектива»", "ЦДО «Перспектива»", "perspektiva"),
    ("Станция юных натуралистов", "СЮН", "syun"),
    ("Детско-юношеский центр «Спектр»", "ДЮЦ «Спектр»", "spektr"),
    ("Центр детского (юношеского) технического творчества", "ЦДЮТТ", "cdyutt"),
    ("Центр детско-юношеского туризма и краеведения", "ЦДЮТК", "turizm"),
    ("Центр внешкольной работы", "ЦВР", "cvr"),
)


def _quoted(title: str) -> str:
    """«Детский сад № 5 «Ромашка»»: the inner and the outer closing quotes merge, as official names write them."""
    return f"«{title}" if title.endswith("»") else f"«{title}»"


# ---------------------------------------------------------------------------------------------- names

_MALE_LAST_NAMES = (
    "Иванов",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Васильев",
    "Петров",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Фёдоров",
    "Морозов",
    "Волков",
    "Алексеев",
    "Лебедев",
    "Семёнов",
    "Егоров",
    "Павлов",
    "Козлов",
    "Степанов",
    "Николаев",
    "Орлов",
    "Андреев",
    "Макаров",
    "Никитин",
    "Захаров",
    "Зайцев",
    "Соловьёв",
    "Борисов",
    "Яковлев",
    "Григорьев",
    "Романов",
    "Воробьёв",
    "Сергеев",
    "Кузьмин",
    "Фролов",
    "Александров",
    "Дмитриев",
    "Королёв",
    "Гусев",
    "Киселёв",
    "Ильин",
    "Максимов",
    "Поляков",
    "Сорокин",
    "Виноградов",
    "Ковалёв",
    "Белов",
    "Медведев",
    "Антонов",
    "Тарасов",
    "Жуков",
    "Баранов",
    "Филиппов",
    "Комаров",
    "Давыдов",
    "Беляев",
    "Герасимов",
    "Богданов",
    "Осипов",
    "Сидоров",
    "Матвеев",
    "Титов",
    "Марков",
    "Миронов",
    "Крылов",
    "Куликов",
    "Карпов",
    "Власов",
    "Мельников",
    "Денисов",
    "Тихонов",
    "Калинин",
    "Голубев",
    "Щербаков",
    "Ёлкин",
    "Журавлёв",
    "Новосёлов",
    "Пугачёв",
    "Артёмов",
    "Шевченко",
    "Бондаренко",
    "Ковальчук",
    "Черных",
    "Седых",
    "Вишневский",
    "Островский",
    "Савицкий",
    "Луговой",
)


def feminine(last_name: str) -> str:
    """The female form of a Russian last name: Иванов → Иванова, Ёлкин → Ёлкина, Савицкий → Савицкая."""
    if last_name.endswith(("ский", "цкий")):
        return last_name[:-2] + "ая"
    if last_name.endswith("ой"):
        return last_name[:-2] + "ая"
    if last_name.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return last_name + "а"
    return last_name  # Шевченко, Ковальчук, Черных do not change


MALE_LAST_NAMES = _MALE_LAST_NAMES
FEMALE_LAST_NAMES = tuple(feminine(name) for name in _MALE_LAST_NAMES)

# First names by generation: any age, born before 1975, born in 1990 or later.
FEMALE_FIRST_NAMES = (
    ("Анна", "Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Светлана", "Мария", "Екатерина", "Юлия", "Марина"),
    ("Галина", "Людмила", "Надежда", "Валентина", "Тамара", "Любовь", "Нина", "Лариса", "Вера", "Зинаида"),
    ("Анастасия", "Дарья", "Алёна", "Виктория", "Ксения", "Полина", "Алина", "Софья", "Валерия", "Кристина"),
)
MALE_FIRST_NAMES = (
    ("Александр", "Сергей", "Андрей", "Алексей", "Дмитрий", "Михаил", "Иван", "Павел", "Евгений", "Николай"),
    ("Владимир", "Виктор", "Юрий", "Анатолий", "Геннадий", "Валерий", "Василий", "Борис"),
    ("Артём", "Максим", "Никита", "Кирилл", "Илья", "Егор", "Даниил", "Тимофей", "Фёдор", "Степан"),
)
# Patronymics from fathers' names: (male, female).
PATRONYMICS = (
    ("Александрович", "Александровна"),
    ("Сергеевич", "Сергеевна"),
    ("Андреевич", "Андреевна"),
    ("Алексеевич", "Алексеевна"),
    ("Владимирович", "Владимировна"),
    ("Николаевич", "Николаевна"),
    ("Иванович", "Ивановна"),
    ("Михайлович", "Михайловна"),
    ("Викторович", "Викторовна"),
    ("Юрьевич", "Юрьевна"),
    ("Анатольевич", "Анатольевна"),
    ("Васильевич", "Васильевна"),
    ("Петрович", "Петровна"),
    ("Геннадьевич", "Геннадьевна"),
    ("Валерьевич", "Валерьевна"),
    ("Евгеньевич", "Евгеньевна"),
    ("Игоревич", "Игоревна"),
    ("Олегович", "Олеговна"),
    ("Дмитриевич", "Дмитриевна"),
    ("Борисович", "Борисовна"),
    ("Григорьевич", "Григорьевна"),
    ("Леонидович", "Леонидовна"),
    ("Павлович", "Павловна"),
    ("Константинович", "Константиновна"),
    ("Вячеславович", "Вячеславовна"),
    ("Ильич", "Ильинична"),
    ("Никитич", "Никитична"),
    ("Львович", "Львовна"),
    ("Фёдорович", "Фёдоровна"),
    ("Семёнович", "Семёновна"),
)

_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        ("a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p")
        + ("r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"),
        strict=True,
    )
)


def translit(text: str) -> str:
    return "".join(_TRANSLIT.get(char, char) for char in text.lower())


def _email(person: Person, domain: str) -> str:
    """ivanova.av@svetloozersk.example: the reserved domain, so that no letter reaches a real mailbox."""
    initials = "".join(translit(name[:1]) for name in (person.first_name, person.middle_name))
    return f"{translit(person.last_name)}.{initials}@{domain}.example"


# ---------------------------------------------------------------------------------------------- staff

HEADS = frozenset({"директор", "заведующий"})
MANAGERS = HEADS | {"заместитель директора по учебно-воспитательной работе", "старший воспитатель"}
CURATOR_POSITION = "заместитель директора по учебно-воспитательной работе"
PSYCHOLOGIST_POSITION = "педагог-психолог"
PSYCHOLOGY = ("Психолого-педагогическое сопровождение",)

# Staff every organization of a kind has once it is larger than the threshold: (threshold, position, subjects).
FIXED_STAFF: dict[str, tuple[tuple[int, str, tuple[str, ...]], ...]] = {
    OrganizationKind.SCHOOL: (
        (0, "директор", ()),
        (0, CURATOR_POSITION, ("Математика",)),
        (0, PSYCHOLOGIST_POSITION, PSYCHOLOGY),
        (20, "заместитель директора по воспитательной работе", ("Воспитательная работа",)),
        (20, "социальный педагог", ("Социальная педагогика",)),
        (25, "учитель-логопед", ("Логопедия",)),
        (
            30,
            "советник директора по воспитанию и взаимодействию с детскими общественными объединениями",
            ("Воспитательная работа",),
        ),
        (35, "педагог-организатор", ("Воспитательная работа",)),
        (40, "педагог дополнительного образования", ("Дополнительное образование",)),
        (45, "учитель-дефектолог", ("Дефектология",)),
    ),
    OrganizationKind.PRESCHOOL: (
        (0, "заведующий", ()),
        (0, "старший воспитатель", ("Дошкольное образование",)),
        (0, PSYCHOLOGIST_POSITION, PSYCHOLOGY),
        (8, "музыкальный руководитель", ("Музыка",)),
        (10, "учитель-логопед", ("Логопедия",)),
        (14, "инструктор по физической культуре", ("Физическая культура",)),
        (20, "учитель-дефектолог", ("Дефектология",)),
    ),
    OrganizationKind.ADDITIONAL: (
        (0, "директор", ()),
        (0, "методист", ("Дополнительное образование",)),
        (8, "педагог-организатор", ("Воспитательная работа",)),
        (12, PSYCHOLOGIST_POSITION, PSYCHOLOGY),
    ),
}

# The rest of the staff: (position, subjects, weight, share of women).
TEACHERS: dict[str, tuple[tuple[str, tuple[str, ...], int, float], ...]] = {
    OrganizationKind.SCHOOL: (
        ("учитель начальных классов", ("Начальные классы",), 20, 0.98),
        ("учитель русского языка и литературы", ("Русский язык", "Литература"), 15, 0.97),
        ("учитель математики", ("Математика", "Алгебра", "Геометрия", "Вероятность и статистика"), 13, 0.85),
        ("учитель английского языка", ("Иностранный язык (английский)",), 9, 0.95),
        ("учитель немецкого языка", ("Иностранный язык (немецкий)",), 1, 0.95),
        ("учитель истории и обществознания", ("История", "Обществознание"), 7, 0.75),
        ("учитель физической культуры", ("Физическая культура",), 6, 0.4),
        ("учитель информатики", ("Информатика",), 4, 0.5),
        ("учитель физики", ("Физика",), 4, 0.6),
        ("учитель химии", ("Химия",), 3, 0.85),
        ("учитель биологии", ("Биология",), 3, 0.9),
        ("учитель географии", ("География",), 3, 0.8),
        ("учитель музыки", ("Музыка",), 2, 0.85),
        ("учитель изобразительного искусства", ("Изобразительное искусство",), 2, 0.85),
        ("учитель труда (технологии)", ("Труд (технология)",), 3, 0.5),
        ("учитель основ безопасности и защиты Родины", ("Основы безопасности и защиты Родины (ОБЗР)",), 2, 0.25),
    ),
    OrganizationKind.PRESCHOOL: (("воспитатель", ("Дошкольное образование",), 1, 0.99),),
    OrganizationKind.ADDITIONAL: (
        ("педагог дополнительного образования", ("Дополнительное образование",), 6, 0.75),
        ("тренер-преподаватель", ("Физическая культура",), 1, 0.35),
    ),
}
DEMO_TEACHER = TEACHERS[OrganizationKind.SCHOOL][1]  # the demo mentor and mentee teach Russian and literature
STUDENT_POSITION = "студент-практикант"

# ---------------------------------------------------------------------------------------------- banks

# Requests of mentees in their own words: (category, kinds of organization or empty for any, text, difficulties).
REQUESTS: tuple[tuple[str, tuple[str, ...], str, tuple[str, ...]], ...] = (
    (
        MenteeCategory.YOUNG,
        (OrganizationKind.SCHOOL,),
        "Трудно удерживать дисциплину на уроках в среднем звене, не всегда понимаю, как реагировать на нарушения.",
        ("discipline", "motivation"),
    ),
    (
        MenteeCategory.YOUNG,
        (OrganizationKind.SCHOOL,),
        "Не успеваю пройти все этапы урока, нужна помощь в планировании урока по ФГОС.",
        ("lesson-planning", "lesson-structure"),
    ),
    (
        MenteeCategory.YOUNG,
        (),
        "Прошу помочь разобраться с рабочей программой и календарно-тематическим планированием.",
        ("work-program", "fgos"),
    ),
    (
        MenteeCategory.YOUNG,
        (),
        "Нет опыта общения с родителями, волнуюсь перед первым родительским собранием.",
        ("parents", "parent-meetings"),
    ),
    (
        MenteeCategory.YOUNG,
        (OrganizationKind.PRESCHOOL,),
        "Нужна помощь в организации образовательной деятельности в группе по ФОП ДО и в ведении документации.",
        ("lesson-planning", "fgos", "documentation"),
    ),
    (
        MenteeCategory.YOUNG,
        (OrganizationKind.ADDITIONAL,),
        "Хочу научиться разрабатывать дополнительную общеразвивающую программу и сохранять состав объединения.",
        ("work-program", "motivation"),
    ),
    (
        MenteeCategory.AFTER_BREAK,
        (),
        "После отпуска по уходу за ребёнком нужна помощь в освоении обновлённых ФГОС и федеральных программ.",
        ("fgos", "normative-base"),
    ),
    (
        MenteeCategory.AFTER_BREAK,
        (),
        "За время перерыва изменились требования к документации, нужно освоить электронный журнал.",
        ("documentation", "digital-tools"),
    ),
    (
        MenteeCategory.NEW_PLACE,
        (),
        "После перехода в новую организацию нужно разобраться с локальными актами, документацией и традициями "
        "коллектива.",
        ("normative-base", "documentation", "collective"),
    ),
    (
        MenteeCategory.NEW_PLACE,
        (OrganizationKind.SCHOOL,),
        "Впервые назначили классным руководителем, нужна помощь в планировании воспитательной работы с классом.",
        ("class-teacher", "upbringing-program"),
    ),
    (
        MenteeCategory.GROWTH,
        (OrganizationKind.SCHOOL,),
        "Хочу освоить технологию проектной деятельности и подготовить учеников к защите индивидуальных проектов.",
        ("projects", "functional-literacy"),
    ),
    (
        MenteeCategory.GROWTH,
        (OrganizationKind.SCHOOL,),
        "Нужна помощь в подготовке обучающихся к ОГЭ и ЕГЭ по предмету.",
        ("exam-preparation", "assessment-tools"),
    ),
    (
        MenteeCategory.GROWTH,
        (),
        "Планирую аттестацию на первую квалификационную категорию, прошу помочь с портфолио и открытым занятием.",
        ("attestation", "sharing-experience"),
    ),
    (
        MenteeCategory.GROWTH,
        (OrganizationKind.SCHOOL, OrganizationKind.ADDITIONAL),
        "Хочу готовить учеников к олимпиадам и конкурсам, работать с одарёнными детьми.",
        ("olympiads", "gifted"),
    ),
    (
        MenteeCategory.DIGITAL,
        (),
        "Хочу научиться использовать цифровые образовательные ресурсы и интерактивную панель на занятиях.",
        ("digital-tools", "active-methods"),
    ),
    (
        MenteeCategory.DIGITAL,
        (),
        "Нужна помощь в организации дистанционного обучения и работе на платформе «Сферум».",
        ("distance-learning", "digital-tools"),
    ),
    (
        MenteeCategory.BURNOUT,
        (),
        "Чувствую усталость и потерю интереса к работе, хочу вернуть мотивацию и выстроить баланс нагрузки.",
        ("burnout", "self-education"),
    ),
    (
        MenteeCategory.BURNOUT,
        (),
        "Тяжело даются конфликты с родителями, после них долго не удаётся восстановиться.",
        ("burnout", "conflicts", "parents"),
    ),
    (
        MenteeCategory.OTHER,
        (),
        "В классе (группе) есть ребёнок с ОВЗ, не знаю, как адаптировать задания и выстроить индивидуальный маршрут.",
        ("special-needs", "differentiation"),
    ),
    (
        MenteeCategory.OTHER,
        (OrganizationKind.SCHOOL,),
        "Сложно объективно оценивать работы обучающихся, нужны понятные критерии и образцы.",
        ("assessment-criteria", "assessment-tools"),
    ),
    (
        MenteeCategory.STUDENT,
        (),
        "Прохожу педагогическую практику, хочу научиться готовиться к урокам и анализировать их с опытным учителем.",
        ("lesson-planning", "lesson-analysis"),
    ),
    (
        MenteeCategory.STUDENT,
        (),
        "Хочу познакомиться с работой школы изнутри: документацией, требованиями к уроку и распорядком.",
        ("documentation", "work-rules", "lesson-structure"),
    ),
)
# Categories of experienced teachers (the young and students are chosen by age and kind).
EXPERIENCED_CATEGORIES = (
    (MenteeCategory.GROWTH, 30),
    (MenteeCategory.DIGITAL, 20),
    (MenteeCategory.NEW_PLACE, 15),
    (MenteeCategory.OTHER, 13),
    (MenteeCategory.BURNOUT, 12),
    (MenteeCategory.AFTER_BREAK, 10),
)

ACHIEVEMENTS = (
    "Победитель муниципального этапа конкурса профессионального мастерства «Учитель года».",
    "Руководитель муниципального методического объединения.",
    "Ученики — призёры регионального этапа всероссийской олимпиады школьников.",
    "Почётная грамота Министерства просвещения Российской Федерации.",
    "Эксперт предметной комиссии государственной итоговой аттестации.",
    "Автор методических рекомендаций, опубликованных в региональном сборнике.",
)
TRAINING = (
    "Курсы повышения квалификации «Наставничество в образовательной организации», 36 ч.",
    "Школа наставничества муниципального методического центра",
    "Курсы повышения квалификации «Организация наставничества педагогических работников», 72 ч.",
)


# ---------------------------------------------------------------------------------------------- building


@dataclass(frozen=True)
class DemoSummary:
    regions: int
    municipalities: int
    organizations: int
    people: int
    consents: int
    mentors: int
    mentees: int
    users: int


@dataclass
class _Draft:
    """A person before it is written, with what goes into the other tables."""

    person: Person
    subjects: tuple[str, ...]
    org_kind: str
    consent: str = "none"  # none, valid, withdrawn
    publication: bool = False
    profile: str = ""  # mentor, mentee
    login: str = ""


@dataclass
class _Demo:
    rng: random.Random
    today: date
    subjects: dict[str, Subject] = field(default_factory=dict)
    difficulties: dict[str, Difficulty] = field(default_factory=dict)

    def chance(self, share: float) -> bool:
        return self.rng.random() < share

    def around(self, value: float) -> int:
        """``value`` rounded up or down at random, so that small organizations get their share on average."""
        whole = int(value)
        return whole + (1 if self.chance(value - whole) else 0)

    def day_between(self, first: date, last: date) -> date:
        return first + timedelta(days=self.rng.randint(0, max((last - first).days, 0)))

    # ------------------------------------------------------------------ organizations

    def organizations(self, municipality: Municipality, number: int, count: int) -> list[Organization]:
        """The organizations of a municipality: schools, kindergartens and about 8 % of additional education.

        In the three cities schools are numbered; in a rural municipality the schools beyond the first third
        (those of the administrative centre) are village schools named after their village.
        """
        additional = max(1, round(count * 0.08))
        preschool = round((count - additional) * 0.35)
        schools = count - additional - preschool
        _, centre, domain = MUNICIPALITIES[number]
        villages = list(VILLAGES)
        self.rng.shuffle(villages)
        made: list[tuple[str, str, str, str, str]] = []  # kind, name, short name, place, site
        for index in range(schools):
            if number >= 3 and index >= schools // 3 and villages:
                place, adjective, village_domain = villages.pop()
                made.append((OrganizationKind.SCHOOL, *self.rural_school(adjective, village_domain), place))
            else:
                made.append((OrganizationKind.SCHOOL, *self.school(index + 1), centre))
        for index in range(preschool):
            made.append((OrganizationKind.PRESCHOOL, *self.kindergarten(index + 1), centre))
        for index in range(additional):
            made.append((OrganizationKind.ADDITIONAL, *self.additional(index), centre))
        result = []
        for kind, name, short_name, site, place in made:
            postcode = 600_000 + number * 1_000 + self.rng.randint(0, 99)
            street = f"{self.rng.choice(STREETS)}, д. {self.rng.randint(1, 60)}"
            result.append(
                Organization(
                    municipality=municipality,
                    kind=kind,
                    name=name,
                    short_name=short_name,
                    address=f"{postcode}, {REGION_NAME}, {place}, {street}",
                    website=f"https://{site}.{domain}.example",
                    head_position="заведующий" if kind == OrganizationKind.PRESCHOOL else "директор",
                    search_key=normalize(f"{short_name} {name}"),
                )
            )
        return result

    def ownership(self) -> tuple[str, str]:
        return ("автономное", "МА") if self.chance(0.15) else ("бюджетное", "МБ")

    def school(self, number: int) -> tuple[str, str, str]:
        kind, prefix = self.ownership()
        roll = self.rng.random()
        if roll < 0.08:
            title, short, site = f"Лицей № {number}", f"Лицей № {number}", f"licey{number}"
        elif roll < 0.16:
            title, short, site = f"Гимназия № {number}", f"Гимназия № {number}", f"gimnaziya{number}"
        elif roll < 0.24:
            title = f"Средняя общеобразовательная школа № {number} с углублённым изучением отдельных предметов"
            short, site = f"СОШ № {number} с УИОП", f"sosh{number}"
        elif roll < 0.3:
            title, short, site = f"Основная общеобразовательная школа № {number}", f"ООШ № {number}", f"oosh{number}"
        else:
            title, short, site = f"Средняя общеобразовательная школа № {number}", f"СОШ № {number}", f"sosh{number}"
        return f"Муниципальное {kind} общеобразовательное учреждение «{title}»", f"{prefix}ОУ «{short}»", site

    def rural_school(self, adjective: str, domain: str) -> tuple[str, str, str]:
        kind, prefix = self.ownership()
        if self.chance(0.25):
            title, short, site = f"{adjective} основная общеобразовательная школа", f"{adjective} ООШ", "oosh"
        else:
            title, short, site = f"{adjective} средняя общеобразовательная школа", f"{adjective} СОШ", "sosh"
        name = f"Муниципальное {kind} общеобразовательное учреждение «{title}»"
        return name, f"{prefix}ОУ «{short}»", f"{domain}-{site}"

    def kindergarten(self, number: int) -> tuple[str, str, str]:
        kind, prefix = self.ownership()
        title = f"Детский сад № {number} «{self.rng.choice(KINDERGARTEN_NAMES)}»"
        name = f"Муниципальное {kind} дошкольное образовательное учреждение {_quoted(title)}"
        return name, f"{prefix}ДОУ {_quoted(title)}", f"ds{number}"

    def additional(self, index: int) -> tuple[str, str, str]:
        kind, prefix = self.ownership()
        title, short, site = ADDITIONAL_NAMES[index % len(ADDITIONAL_NAMES)]
        if index >= len(ADDITIONAL_NAMES):
            repeat = index // len(ADDITIONAL_NAMES) + 1
            title, short, site = f"{title} № {repeat}", f"{short} № {repeat}", f"{site}{repeat}"
        name = f"Муниципальное {kind} учреждение дополнительного образования {_quoted(title)}"
        return name, f"{prefix}У ДО {_quoted(short)}", site

    # ------------------------------------------------------------------ people

    def staff(
        self, kind: str, size: int, extra: Sequence[tuple[str, tuple[str, ...]]] = ()
    ) -> list[tuple[str, tuple[str, ...], float]]:
        """Positions of an organization of ``size`` people: (position, subjects, share of women)."""
        result: list[tuple[str, tuple[str, ...], float]] = [
            (position, subjects, 0.6 if position in HEADS else 0.9)
            for threshold, position, subjects in FIXED_STAFF[kind]
            if threshold == 0 or size > threshold
        ]
        result += [(position, subjects, 0.9) for position, subjects in extra]
        teachers = TEACHERS[kind]
        weights = [weight for _, _, weight, _ in teachers]
        for position, subjects, _, women in self.rng.choices(teachers, weights=weights, k=size - len(result)):
            result.append((position, subjects, women))
        return result

    def birth_date(self, min_age: int, max_age: int) -> date:
        age = self.rng.randint(min_age, max_age)
        return self.day_between(years_ago(self.today, age + 1) + timedelta(days=1), years_ago(self.today, age))

    def experience_start(self, birth: date) -> date:
        roll = self.rng.random()
        start_age = self.rng.randint(21, 24) if roll < 0.8 else 20 if roll < 0.9 else self.rng.randint(25, 40)
        start = date(birth.year + start_age, 9, 1)
        twentieth_birthday = years_ago(birth, -20)
        return min(max(start, twentieth_birthday), self.today)

    def qualification(self, experience: int) -> str:
        if experience < 2:
            return Qualification.NONE
        if experience < 5:
            return self.rng.choice((Qualification.NONE, Qualification.FIRST))
        options: tuple[tuple[str, int], ...]
        if experience < 10:
            options = ((Qualification.NONE, 15), (Qualification.FIRST, 55), (Qualification.HIGHEST, 30))
        else:
            options = (
                (Qualification.NONE, 8),
                (Qualification.FIRST, 30),
                (Qualification.HIGHEST, 52),
                (Qualification.METHODIST, 5),
                (Qualification.MENTOR, 5),
            )
        return self.rng.choices([value for value, _ in options], weights=[weight for _, weight in options])[0]

    def name(self, gender: str, birth: date) -> tuple[str, str, str]:
        male = gender == Gender.MALE
        index = self.rng.randrange(len(MALE_LAST_NAMES))
        last_name = MALE_LAST_NAMES[index] if male else FEMALE_LAST_NAMES[index]
        common, old, young = MALE_FIRST_NAMES if male else FEMALE_FIRST_NAMES
        first_names = common + (old if birth.year < 1975 else ()) + (young if birth.year >= 1990 else ())
        patronymic = self.rng.choice(PATRONYMICS)[0 if male else 1]
        return last_name, self.rng.choice(first_names), patronymic

    def person(
        self,
        organization: Organization,
        domain: str,
        position: str,
        subjects: tuple[str, ...],
        women: float,
        *,
        student: bool = False,
    ) -> _Draft:
        rng = self.rng
        gender = Gender.FEMALE if self.chance(women) else Gender.MALE
        if student:
            birth = self.birth_date(19, 22)
        elif position in MANAGERS:
            birth = self.birth_date(35, 63)
        else:
            birth = self.birth_date(22, 34) if self.chance(0.27) else self.birth_date(35, 65)
        last_name, first_name, middle_name = self.name(gender, birth)
        start = None if student else self.experience_start(birth)
        experience = full_years(start, self.today) if start else 0
        if student:
            education = f"обучается: {UNIVERSITY}, {rng.randint(3, 5)} курс"
        else:
            graduated = start.year if start else birth.year + 22
            roll = rng.random()
            school = UNIVERSITY if roll < 0.75 else "Приозёрный педагогический колледж" if roll < 0.9 else None
            if school is None:
                education = f"высшее, {CLASSICAL_UNIVERSITY}, {graduated}; профессиональная переподготовка «Педагогика»"
            else:
                level = "высшее" if school == UNIVERSITY else "среднее профессиональное"
                education = f"{level}, {school}, {graduated}"
        phone = ""
        if self.chance(0.6):
            digits = [rng.randint(0, 99), rng.randint(100, 999), rng.randint(0, 99), rng.randint(0, 99)]
            phone = "+7 (9{:02d}) {}-{:02d}-{:02d}".format(*digits)
        person = Person(
            kind=PersonKind.STUDENT if student else PersonKind.PEDAGOGUE,
            last_name=last_name,
            first_name=first_name,
            middle_name=middle_name,
            gender=gender,
            birth_date=birth,
            organization=organization,
            position=STUDENT_POSITION if student else position,
            qualification=Qualification.NONE if student else self.qualification(experience),
            experience_start=start,
            education=education,
            phone=phone,
        )
        if self.chance(0.5):
            person.email = _email(person, domain)
        draft = _Draft(person=person, subjects=subjects, org_kind=organization.kind)
        if self.chance(CONSENT_SHARE):
            draft.consent = "withdrawn" if self.chance(0.02) else "valid"
            draft.publication = draft.consent == "valid" and self.chance(0.3)
        return draft

    def people(self, organization: Organization, domain: str, size: int, demo: int) -> list[_Draft]:
        """The staff of one organization; ``demo`` is 1 or 2 for the schools of the demo logins, else 0."""
        extra = [(DEMO_TEACHER[0], DEMO_TEACHER[1])] * 2 if demo == 1 else []
        drafts = []
        students = 0
        if organization.kind == OrganizationKind.SCHOOL and size >= 15 and self.chance(0.4):
            students = self.rng.randint(1, 2)
        for position, subjects, women in self.staff(organization.kind, size - students, extra):
            drafts.append(self.person(organization, domain, position, subjects, women))
        organization.head_name = drafts[0].person.full_name
        for _ in range(students):
            position, subjects, _, _ = self.rng.choice(TEACHERS[OrganizationKind.SCHOOL])
            drafts.append(self.person(organization, domain, position, subjects, 0.8, student=True))
        if demo:
            self.mark_demo_people(drafts, demo, domain)
        return drafts

    def mark_demo_people(self, drafts: list[_Draft], demo: int, domain: str) -> None:
        """The people behind the demo logins of a school; they have a valid consent."""
        by_position: dict[str, _Draft] = {}
        for draft in drafts:
            by_position.setdefault(draft.person.position, draft)
        logins = {"curator" if demo == 1 else "curator2": by_position[CURATOR_POSITION]}
        if demo == 1:
            logins["head"] = drafts[0]
            logins["psychologist"] = by_position[PSYCHOLOGIST_POSITION]
            mentor, mentee = [draft for draft in drafts if draft.person.position == DEMO_TEACHER[0]][:2]
            logins.update(mentor=mentor, mentee=mentee)
            self.make_demo_mentor(mentor.person, domain)
            self.make_demo_mentee(mentee.person, domain)
            mentor.profile, mentee.profile = "mentor", "mentee"
        for login, draft in logins.items():
            draft.login = login
            draft.consent = "valid"

    def make_demo_mentor(self, person: Person, domain: str) -> None:
        """An experienced teacher with the qualification «педагог-наставник»."""
        first_names = MALE_FIRST_NAMES if person.gender == Gender.MALE else FEMALE_FIRST_NAMES
        person.first_name = self.rng.choice(first_names[0])  # a name of any generation: the age changes
        person.email = _email(person, domain)
        person.birth_date = self.birth_date(44, 50)
        person.experience_start = date(self.today.year - 19, 9, 1)
        person.education = f"высшее, {UNIVERSITY}, {self.today.year - 19}"
        person.qualification = Qualification.MENTOR

    def make_demo_mentee(self, person: Person, domain: str) -> None:
        """Ёлкина: a young teacher in her second year, whose name has ё (search finds her as «елкина»)."""
        person.gender = Gender.FEMALE
        person.last_name = "Ёлкина"
        person.first_name, person.middle_name = self.rng.choice(FEMALE_FIRST_NAMES[2]), "Викторовна"
        person.birth_date = self.birth_date(23, 24)
        start_year = self.today.year - 1 if self.today.month >= 9 else self.today.year - 2
        person.experience_start = date(start_year, 9, 1)
        person.education = f"высшее, {UNIVERSITY}, {start_year}"
        person.qualification = Qualification.NONE
        person.email = _email(person, domain)

    # ------------------------------------------------------------------ banks

    def choose_profiles(self, drafts: list[_Draft]) -> None:
        """About 12 % mentors and 12 % mentees of an organization, only among people with a valid consent."""
        free = [d for d in drafts if d.consent == "valid" and not d.profile and not d.login]
        free = [d for d in free if d.person.position not in HEADS]
        mentors_wanted = self.around(MENTOR_SHARE * len(drafts)) - sum(d.profile == "mentor" for d in drafts)
        experienced = [d for d in free if d.person.kind == PersonKind.PEDAGOGUE and self.experience(d) >= 5]
        rank: dict[str, int] = {
            Qualification.MENTOR: 3,
            Qualification.METHODIST: 3,
            Qualification.HIGHEST: 2,
            Qualification.FIRST: 1,
        }
        experienced.sort(key=lambda d: rank.get(d.person.qualification, 0) + 2 * self.rng.random(), reverse=True)
        for draft in experienced[: max(mentors_wanted, 0)]:
            draft.profile = "mentor"
        mentees_wanted = self.around(MENTEE_SHARE * len(drafts)) - sum(d.profile == "mentee" for d in drafts)
        candidates = [d for d in free if not d.profile and d.person.position not in MANAGERS]
        candidates.sort(key=lambda d: self.mentee_priority(d) + 3 * self.rng.random(), reverse=True)
        for draft in candidates[: max(mentees_wanted, 0)]:
            draft.profile = "mentee"

    def experience(self, draft: _Draft) -> int:
        start = draft.person.experience_start
        return full_years(start, self.today) if start else 0

    def mentee_priority(self, draft: _Draft) -> int:
        if draft.person.kind == PersonKind.STUDENT:
            return 5
        return 2 if self.experience(draft) < 3 else 0

    def mentor(self, draft: _Draft, coordinator: User | None) -> tuple[Mentor, list[str], tuple[str, ...]]:
        """The mentor, the codes of competencies, the subjects."""
        rng = self.rng
        codes = rng.sample(sorted(self.difficulties), rng.randint(3, 6))
        mentor = Mentor(
            person=draft.person,
            capacity=rng.choices((1, 2, 3), weights=(20, 55, 25))[0],
            status=MentorStatus.CANDIDATE if self.chance(0.15) else MentorStatus.IN_BANK,
            network_ready=self.chance(0.25),
            achievements=rng.choice(ACHIEVEMENTS) if self.chance(0.4) else "",
            training=f"{rng.choice(TRAINING)}, {rng.randint(2022, self.today.year)} г." if self.chance(0.5) else "",
        )
        if mentor.status == MentorStatus.IN_BANK:
            roll = rng.random()
            if roll < 0.06:
                mentor.municipal_status = MunicipalStatus.NOMINATED
                mentor.nominated_on = self.today - timedelta(days=rng.randint(5, 60))
            elif roll < 0.16:
                mentor.municipal_status = MunicipalStatus.ADMITTED
                mentor.nominated_on = self.today - timedelta(days=rng.randint(60, 400))
                mentor.municipal_decided_on = mentor.nominated_on + timedelta(days=rng.randint(7, 30))
                mentor.municipal_reason = "По итогам конкурсного отбора наставников."
                mentor.municipal_decided_by = coordinator
        if draft.login == "mentor":
            mentor.capacity, mentor.status, mentor.network_ready = 2, MentorStatus.IN_BANK, False
            codes = sorted({*codes, *REQUESTS[0][3], *REQUESTS[1][3]})
        return mentor, codes, draft.subjects

    def mentee(self, draft: _Draft) -> tuple[Mentee, list[str]]:
        rng = self.rng
        if draft.person.kind == PersonKind.STUDENT:
            category = MenteeCategory.STUDENT
        elif self.experience(draft) < 3 and self.chance(0.8):
            category = MenteeCategory.YOUNG
        else:
            categories, weights = zip(*EXPERIENCED_CATEGORIES, strict=True)
            category = rng.choices(categories, weights=weights)[0]
        if draft.login == "mentee":
            category = MenteeCategory.YOUNG
        requests = [r for r in REQUESTS if r[0] == category and (not r[1] or draft.org_kind in r[1])]
        _, _, text, codes = REQUESTS[0] if draft.login == "mentee" else rng.choice(requests)
        mentee = Mentee(
            person=draft.person,
            category=category,
            request=text,
            requested_on=self.today - timedelta(days=rng.randint(0, 365)),
            status=rng.choices((MenteeStatus.WAITING, MenteeStatus.FINISHED, MenteeStatus.LEFT), weights=(90, 6, 4))[0],
        )
        if draft.login == "mentee":
            mentee.status = MenteeStatus.WAITING
        return mentee, list(codes)

    def consents(self, draft: _Draft) -> list[Consent]:
        if draft.consent == "none":
            return []
        earliest = date(2025, 9, 1) if self.today > date(2025, 9, 1) + timedelta(days=30) else self.today
        given_on = self.day_between(max(earliest, self.today - timedelta(days=420)), self.today - timedelta(days=1))
        method = ConsentMethod.IN_PERSON if self.chance(0.15) else ConsentMethod.PAPER
        processing = Consent(
            person=draft.person,
            kind=ConsentKind.PROCESSING,
            given_on=given_on,
            text_version=CURRENT_VERSION,
            method=method,
        )
        if draft.consent == "withdrawn":
            processing.withdrawn_on = self.day_between(given_on, self.today)
            processing.withdrawal_note = "Заявление работника об отзыве согласия."
        result = [processing]
        if draft.publication:
            result.append(
                Consent(
                    person=draft.person,
                    kind=ConsentKind.PUBLICATION,
                    given_on=given_on,
                    text_version=CURRENT_VERSION,
                    method=method,
                )
            )
        return result

    def employment(self, draft: _Draft) -> Employment:
        person = draft.person
        if person.experience_start is None:
            started_on = self.today - timedelta(days=self.rng.randint(10, 90))
        elif self.chance(0.7):
            started_on = person.experience_start
        else:
            started_on = self.day_between(person.experience_start, self.today)
        return Employment(
            person=person, organization=person.organization, position=person.position, started_on=started_on
        )


# The demo logins: (username, role, scope level), DEMO_USERNAMES in accounts lists the same names.
DEMO_ROLES = (
    ("admin", Role.ADMIN, "all"),
    ("region", Role.REGIONAL_COORDINATOR, "region"),
    ("coordinator", Role.COORDINATOR, "municipality"),
    ("head", Role.HEAD, "school1"),
    ("curator", Role.CURATOR, "school1"),
    ("curator2", Role.CURATOR, "school2"),
    ("psychologist", Role.PSYCHOLOGIST, "school1"),
    ("mentor", Role.MENTOR, "school1"),
    ("mentee", Role.MENTEE, "school1"),
    ("viewer", Role.VIEWER, "municipality"),
)


def _sizes(total: int, weights: Sequence[float], minimum: Sequence[int]) -> list[int]:
    """Split ``total`` in proportion to ``weights``, each part at least its minimum."""
    if total < sum(minimum):
        raise ValueError("Слишком мало людей для такого числа организаций.")
    factor = total / sum(weights)
    sizes = [max(low, int(weight * factor)) for weight, low in zip(weights, minimum, strict=True)]
    order = sorted(range(len(sizes)), key=lambda index: -weights[index])
    step = 0
    while (missing := total - sum(sizes)) != 0:
        index = order[step % len(order)]
        if missing > 0:
            sizes[index] += 1
        elif sizes[index] > minimum[index]:
            sizes[index] -= 1
        step += 1
    return sizes


def _bulk(model: type[Any], rows: list[Any]) -> None:
    model.objects.bulk_create(rows, batch_size=2_000)


@transaction.atomic
def demo_create(*, scale: Scale, seed: int, today: date) -> DemoSummary:
    """Write a fictional region of ``scale`` into an empty database; deterministic for (seed, today)."""
    demo = _Demo(rng=random.Random(seed), today=today)
    demo.subjects = {subject.name: subject for subject in Subject.objects.order_by("name")}
    demo.difficulties = {difficulty.code: difficulty for difficulty in Difficulty.objects.order_by("code")}
    rng = demo.rng

    region = Region.objects.create(name=REGION_NAME)
    municipalities = [Municipality(region=region, name=name) for name, _, _ in MUNICIPALITIES[: scale.municipalities]]
    _bulk(Municipality, municipalities)
    org_counts = _sizes(
        scale.organizations,
        [(3.0 if number < 3 else 1.0) * rng.uniform(0.6, 1.4) for number in range(scale.municipalities)],
        [5] * scale.municipalities,
    )
    organizations: list[Organization] = []
    for number, (municipality, count) in enumerate(zip(municipalities, org_counts, strict=True)):
        organizations += demo.organizations(municipality, number, count)

    kind_weight: dict[str, float] = {
        OrganizationKind.SCHOOL: 3.0,
        OrganizationKind.PRESCHOOL: 1.3,
        OrganizationKind.ADDITIONAL: 1.0,
    }
    kind_minimum: dict[str, int] = {
        OrganizationKind.SCHOOL: 8,
        OrganizationKind.PRESCHOOL: 6,
        OrganizationKind.ADDITIONAL: 6,
    }
    people_counts = _sizes(
        scale.people,
        [kind_weight[org.kind] * rng.uniform(0.7, 1.3) for org in organizations],
        [kind_minimum[org.kind] for org in organizations],
    )
    domains = {
        municipality.pk: domain for municipality, (_, _, domain) in zip(municipalities, MUNICIPALITIES, strict=False)
    }
    schools = [org for org in organizations if org.kind == OrganizationKind.SCHOOL]
    drafts: list[_Draft] = []
    for org, size in zip(organizations, people_counts, strict=True):
        demo_school = 1 if org is schools[0] else 2 if org is schools[1] else 0
        org_drafts = demo.people(org, domains[org.municipality.pk], size, demo_school)
        demo.choose_profiles(org_drafts)
        drafts += org_drafts
    _bulk(Organization, organizations)

    users = _demo_users(demo, drafts, region, municipalities[0], schools[0], schools[1])
    for draft in drafts:  # bulk_create takes organization_id from the organizations saved above
        draft.person.search_key = normalize(draft.person.full_name)
        if draft.login:
            draft.person.user = users[draft.login]
    _bulk(Person, [draft.person for draft in drafts])

    subject_rows = [
        Person.subjects.through(person_id=draft.person.pk, subject_id=demo.subjects[name].pk)
        for draft in drafts
        for name in draft.subjects
        if name in demo.subjects
    ]
    _bulk(Person.subjects.through, subject_rows)
    _bulk(Employment, [demo.employment(draft) for draft in drafts])
    consents = [consent for draft in drafts for consent in demo.consents(draft)]
    _bulk(Consent, consents)

    coordinator = users["coordinator"]
    mentors: list[tuple[Mentor, list[str], tuple[str, ...]]] = []
    mentees: list[tuple[Mentee, list[str]]] = []
    for draft in drafts:
        if draft.profile == "mentor":
            in_demo_municipality = draft.person.organization.municipality_id == municipalities[0].pk
            mentors.append(demo.mentor(draft, coordinator if in_demo_municipality else None))
        elif draft.profile == "mentee":
            mentees.append(demo.mentee(draft))
    _bulk(Mentor, [mentor for mentor, _, _ in mentors])
    _bulk(Mentee, [mentee for mentee, _ in mentees])
    _bulk(
        Mentor.competencies.through,
        [
            Mentor.competencies.through(mentor_id=mentor.pk, difficulty_id=demo.difficulties[code].pk)
            for mentor, codes, _ in mentors
            for code in codes
        ],
    )
    _bulk(
        Mentor.subjects.through,
        [
            Mentor.subjects.through(mentor_id=mentor.pk, subject_id=demo.subjects[name].pk)
            for mentor, _, names in mentors
            for name in names
            if name in demo.subjects
        ],
    )
    _bulk(
        Mentee.difficulties.through,
        [
            Mentee.difficulties.through(mentee_id=mentee.pk, difficulty_id=demo.difficulties[code].pk)
            for mentee, codes in mentees
            for code in codes
            if code in demo.difficulties
        ],
    )
    return DemoSummary(
        regions=1,
        municipalities=len(municipalities),
        organizations=len(organizations),
        people=len(drafts),
        consents=len(consents),
        mentors=len(mentors),
        mentees=len(mentees),
        users=len(users),
    )


def _demo_users(
    demo: _Demo,
    drafts: list[_Draft],
    region: Region,
    municipality: Municipality,
    school1: Organization,
    school2: Organization,
) -> dict[str, User]:
    """One login per role; those who work in the demo schools are linked to their registry records."""
    password = make_password(DEMO_PASSWORD)
    people = {draft.login: draft.person for draft in drafts if draft.login}
    scopes: dict[str, dict[str, Any]] = {
        "all": {},
        "region": {"region": region},
        "municipality": {"municipality": municipality},
        "school1": {"organization": school1},
        "school2": {"organization": school2},
    }
    users: dict[str, User] = {}
    memberships = []
    for username, role, scope in DEMO_ROLES:
        person = people.get(username)
        if person is None:
            gender = Gender.FEMALE if demo.chance(0.7) else Gender.MALE
            last_name, first_name, middle_name = demo.name(gender, demo.birth_date(35, 60))
        else:
            last_name, first_name, middle_name = person.last_name, person.first_name, person.middle_name
        users[username] = User.objects.create(
            username=username,
            password=password,
            last_name=last_name,
            first_name=first_name,
            middle_name=middle_name,
            email=person.email if person else "",
        )
        memberships.append(Membership(user=users[username], role=role, **scopes[scope]))
    _bulk(Membership, memberships)
    return users
