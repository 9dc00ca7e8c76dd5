"""Import of the registry with consents and the bank columns: one file fills the registry, the
consents to processing and the banks of mentors and mentees, all or nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from nastavnik.factory import make_consent, make_mentee, make_municipality, make_organization, make_person, make_user
from nastavnik.mentoring.models import Difficulty, Mentee, MenteeCategory, MenteeStatus, Mentor, MentorStatus
from nastavnik.mentoring.services import mentee_add
from nastavnik.orgs.models import Organization
from nastavnik.people.consent_text import CURRENT_VERSION
from nastavnik.people.exporting import export_registry
from nastavnik.people.importing import RegistryHasErrors, apply_registry, read_registry
from nastavnik.people.models import Consent, ConsentKind, ConsentMethod, Person
from nastavnik.people.tests.test_import import ON, code, xlsx
from nastavnik.tests.personas import PersonasTestCase

pytestmark = pytest.mark.django_db

HEADER = [
    "ФИО",
    "Дата рождения",
    "Согласие на обработку ПДн",
    "Наставник",
    "Наставляемый",
    "Категория наставляемого",
    "Затруднения",
    "Запрос",
    "Дата запроса",
]


def row(n: int = 1, /, **changes: Any) -> list[Any]:
    values = {
        "ФИО": f"Иванова{code(n)} Анна Петровна",
        "Дата рождения": "17.05.1990",
        "Согласие на обработку ПДн": "01.09.2025",
        "Наставник": "",
        "Наставляемый": "",
        "Категория наставляемого": "",
        "Затруднения": "",
        "Запрос": "",
        "Дата запроса": "",
    }
    values.update(changes)
    return list(values.values())


def registry(*rows: list[Any], header: list[str] = HEADER) -> bytes:
    return xlsx(header, *rows)


def written() -> tuple[int, ...]:
    return (
        Person.objects.count(),
        Consent.objects.count(),
        Consent.history.count(),
        Mentor.objects.count(),
        Mentor.history.count(),
        Mentee.objects.count(),
        Mentee.history.count(),
    )


def errors(data: bytes, organization: Organization) -> list[str]:
    """The errors of the file; asserts that nothing at all can be written."""
    before = written()
    preview = read_registry(data, organization=organization, on=ON)
    with pytest.raises(RegistryHasErrors):
        apply_registry(preview, by=None)
    assert written() == before
    return [str(error) for error in preview.errors]


def a_file_for_the_banks() -> bytes:
    return registry(
        row(1, Наставник="да"),
        row(
            2,
            Наставляемый="+",
            **{
                "Категория наставляемого": "Молодой специалист",
                "Затруднения": "Дисциплина на уроке; parents\nАнализ и самоанализ урока (занятия)",
                "Запрос": "хочу научиться держать дисциплину",
                "Дата запроса": "10.09.2025",
            },
        ),  # fmt: skip
        row(3, Наставляемый="да", **{"Категория наставляемого": "после длительного перерыва"}),
        row(4, **{"Согласие на обработку ПДн": ""}),
        row(5, Наставник="нет", Наставляемый="нет"),
    )


def test_one_file_records_consents_mentors_and_mentees_with_their_values():
    municipality = make_municipality(default_mentor_capacity=3)
    organization = make_organization(municipality=municipality)
    user = make_user()
    preview = read_registry(a_file_for_the_banks(), organization=organization, on=ON)
    assert preview.ok, preview.errors
    assert (preview.consents_to_record, preview.mentors_to_add, preview.mentees_to_add) == (4, 1, 2)
    assert preview.recognized["Наставник"] == "в банк наставников"
    assert preview.recognized["Категория наставляемого"] == "категория наставляемого"

    result = apply_registry(preview, by=user)

    assert (result.created, result.consents, result.mentors, result.mentees) == (5, 4, 1, 2)
    consent = Consent.objects.get(person__last_name=f"Иванова{code(1)}")
    assert (consent.kind, consent.given_on, consent.method, consent.text_version, consent.recorded_by) == (
        ConsentKind.PROCESSING, date(2025, 9, 1), ConsentMethod.PAPER, CURRENT_VERSION, user,
    )  # fmt: skip
    assert consent.history.get().history_user == user
    assert not Consent.objects.filter(person__last_name=f"Иванова{code(4)}").exists()
    mentor = Mentor.objects.get()
    assert (mentor.person.last_name, mentor.status, mentor.capacity) == (f"Иванова{code(1)}", MentorStatus.IN_BANK, 3)
    assert (mentor.history.get().history_type, mentor.history.get().history_user) == ("+", user)
    second, third = Mentee.objects.order_by("person__search_key")
    assert (second.category, second.request, second.requested_on, second.status) == (
        MenteeCategory.YOUNG, "хочу научиться держать дисциплину", date(2025, 9, 10), MenteeStatus.WAITING,
    )  # fmt: skip
    assert set(second.difficulties.values_list("code", flat=True)) == {"discipline", "parents", "lesson-analysis"}
    history = second.history.get()
    assert history.history_user == user
    assert {link.difficulty.code for link in history.difficulties.all()} == {"discipline", "parents", "lesson-analysis"}
    assert (third.category, third.requested_on, list(third.difficulties.all())) == (MenteeCategory.AFTER_BREAK, ON, [])


def test_a_bank_row_without_any_consent_is_an_error_with_row_and_column():
    organization = make_organization()
    data = registry(
        row(1, Наставник="да"),
        row(2, Наставник="да", **{"Согласие на обработку ПДн": ""}),
    )
    assert errors(data, organization) == [
        "строка 3, столбец «Наставник»: нет согласия на обработку персональных данных — укажите дату согласия "
        "в столбце «Согласие на обработку ПДн»"
    ]
    no_consent_column = registry(["Петрова Мария Ивановна", "да"], header=["ФИО", "В банк наставников"])
    assert errors(no_consent_column, organization) == [
        "строка 2, столбец «В банк наставников»: нет согласия на обработку персональных данных — укажите дату "
        "согласия в столбце «Согласие на обработку ПДн»"
    ]


def test_a_consent_already_recorded_is_enough_and_a_withdrawn_one_is_not():
    organization = make_organization()
    kept = make_person(organization=organization, last_name=f"Иванова{code(1)}", birth_date=date(1990, 5, 17))
    make_consent(kept, given_on=date(2024, 9, 1))
    withdrawn = make_person(organization=organization, last_name=f"Иванова{code(2)}", birth_date=date(1990, 5, 17))
    make_consent(withdrawn, given_on=date(2024, 9, 1), withdrawn_on=date(2025, 3, 1))
    no_dates = {"Согласие на обработку ПДн": ""}
    data = registry(row(1, Наставник="да", **no_dates), row(2, Наставник="да", **no_dates))
    assert errors(data, organization) == [
        "строка 3, столбец «Наставник»: нет согласия на обработку персональных данных — укажите дату согласия "
        "в столбце «Согласие на обработку ПДн»"
    ]
    stale = registry(
        row(1, Наставник="да", **no_dates), row(2, Наставник="да", **{"Согласие на обработку ПДн": "01.01.2025"})
    )
    assert errors(stale, organization) == [
        "строка 3, столбец «Согласие на обработку ПДн»: согласие на обработку персональных данных отозвано 01.03.2025, "
        "а в файле согласие от 01.01.2025 — более раннее; новое согласие записывается в карточке работника"
    ]
    renewed = registry(
        row(1, Наставник="да", **no_dates), row(2, Наставник="да", **{"Согласие на обработку ПДн": "05.03.2025"})
    )
    result = apply_registry(read_registry(renewed, organization=organization, on=ON), by=None)
    assert (result.consents, result.mentors) == (1, 2)
    assert withdrawn.consents.get(withdrawn_on__isnull=True).given_on == date(2025, 3, 5)


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (
            {"Категория наставляемого": "пенсионер"},
            "строка 2, столбец «Категория наставляемого»: неизвестная категория наставляемого «пенсионер» — "
            "укажите одну из восьми (можно номером): 1 — молодой (начинающий) педагог;",
        ),
        (
            {"Категория наставляемого": "молодой педагог после перерыва"},
            "строка 2, столбец «Категория наставляемого»: подходит к нескольким категориям",
        ),
        (
            {"Категория наставляемого": "1", "Затруднения": "Дисциплина на уроке; Плохая погода"},
            "строка 2, столбец «Затруднения»: неизвестное затруднение «Плохая погода» — пишите названия из "
            "справочника профессиональных затруднений",
        ),
        (
            {"Категория наставляемого": ""},
            "строка 2, столбец «Категория наставляемого»: для наставляемого нужна категория — укажите её",
        ),
        (
            {"Наставляемый": "может быть", "Категория наставляемого": "1"},
            "строка 2, столбец «Наставляемый»: непонятное значение «может быть»: укажите «да» или «нет»",
        ),
        (
            {"Наставляемый": "", "Категория наставляемого": "1"},
            "строка 2, столбец «Категория наставляемого»: заполнено для наставляемого, но в столбце «Наставляемый» "
            "нет «да»",
        ),
        (
            {"Категория наставляемого": "1", "Дата запроса": "01.01.2030"},
            "строка 2, столбец «Дата запроса»: дата запроса в будущем (01.01.2030)",
        ),
        (
            {"Категория наставляемого": "1", "Согласие на обработку ПДн": "01.01.2030"},
            "строка 2, столбец «Согласие на обработку ПДн»: дата согласия в будущем (01.01.2030)",
        ),
    ],
)
def test_a_bad_bank_value_is_an_error_naming_row_and_column(cells, expected):
    data = registry(row(1, **{"Наставляемый": "да", **cells}))
    found = errors(data, make_organization())
    assert len(found) == 1 and found[0].startswith(expected), found


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("молодой (начинающий) педагог", MenteeCategory.YOUNG),
        ("Приступил к работе после перерыва", MenteeCategory.AFTER_BREAK),
        ("адаптация на новом месте работы", MenteeCategory.NEW_PLACE),
        ("хочет повысить профессиональный уровень", MenteeCategory.GROWTH),
        ("ИКТ-компетенции", MenteeCategory.DIGITAL),
        ("цифровые навыки", MenteeCategory.DIGITAL),
        ("эмоциональное выгорание", MenteeCategory.BURNOUT),
        ("другие затруднения", MenteeCategory.OTHER),
        ("Стажёр", MenteeCategory.STUDENT),
        ("студент на практике", MenteeCategory.STUDENT),
        ("8", MenteeCategory.STUDENT),
        *((category.label, category.value) for category in MenteeCategory),
    ],
)
def test_the_categories_are_read_from_their_usual_wordings(text, category):
    preview = read_registry(
        registry(row(1, Наставляемый="да", **{"Категория наставляемого": text})),
        organization=make_organization(),
        on=ON,
    )
    assert preview.ok, preview.errors
    assert preview.to_create[0].extra["mentee_category"] == category


def test_the_qualification_column_is_still_the_qualification():
    preview = read_registry(
        xlsx(["ФИО", "Пол", "Категория", "Категория наставляемого"], ["Иванова Анна", "ж", "высшая", "молодой"]),
        organization=make_organization(),
        on=ON,
    )
    assert preview.recognized == {
        "ФИО": "ФИО",
        "Пол": "пол",
        "Категория": "квалификационная категория",
        "Категория наставляемого": "категория наставляемого",
    }


def test_reimporting_does_not_double_consents_or_bank_entries():
    organization = make_organization()
    data = a_file_for_the_banks()
    apply_registry(read_registry(data, organization=organization, on=ON), by=None)
    before = written()
    preview = read_registry(data, organization=organization, on=ON)
    assert preview.ok
    assert (preview.consents_to_record, preview.mentors_to_add, preview.mentees_to_add) == (0, 0, 0)
    result = apply_registry(preview, by=None)
    assert (result.consents, result.mentors, result.mentees) == (0, 0, 0)
    assert written() == before


def test_a_mentee_already_in_the_bank_is_left_as_it_is():
    organization = make_organization()
    person = make_person(organization=organization, last_name=f"Иванова{code(1)}", birth_date=date(1990, 5, 17))
    make_consent(person, given_on=date(2025, 9, 1))
    mentee = make_mentee(person, category=MenteeCategory.BURNOUT)
    preview = read_registry(
        registry(row(1, Наставляемый="да", **{"Категория наставляемого": "молодой"})), organization=organization, on=ON
    )
    assert (preview.consents_to_record, preview.mentees_to_add) == (0, 0)
    apply_registry(preview, by=None)
    mentee.refresh_from_db()
    assert mentee.category == MenteeCategory.BURNOUT and Mentee.objects.count() == 1


def test_an_error_in_the_last_row_writes_no_consent_and_no_bank_entry():
    organization = make_organization()
    rows = [row(n, Наставник="да", Наставляемый="да", **{"Категория наставляемого": "молодой"}) for n in range(1, 60)]
    rows.append(row(60, Наставник="да", **{"Дата рождения": "31.02.1990"}))
    found = errors(registry(*rows), organization)
    assert found == [
        "строка 61, столбец «Дата рождения»: неверная дата «31.02.1990» — нужна дата в виде ДД.ММ.ГГГГ, "
        "например 01.09.2015"
    ]
    assert written() == (0, 0, 0, 0, 0, 0, 0)


def test_a_failure_while_writing_the_banks_leaves_nothing(monkeypatch):
    organization = make_organization()
    preview = read_registry(a_file_for_the_banks(), organization=organization, on=ON)

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("диск переполнен")

    monkeypatch.setattr("nastavnik.mentoring.importing._history", broken)
    with pytest.raises(RuntimeError):
        apply_registry(preview, by=None)
    assert written() == (0, 0, 0, 0, 0, 0, 0)


def test_the_export_carries_the_consent_date_and_loads_back_without_new_consents():
    organization = make_organization()
    apply_registry(read_registry(a_file_for_the_banks(), organization=organization, on=ON), by=None)
    people = Person.objects.filter(organization=organization).order_by("search_key", "pk")
    exported = export_registry(people, on=ON)
    preview = read_registry(exported, organization=organization, on=ON)
    assert preview.ok and preview.unrecognized_columns == []
    assert preview.recognized["Согласие на обработку ПДн"] == "дата согласия на обработку персональных данных"
    assert [row.consent_on for row in preview.to_update] == [date(2025, 9, 1)] * 3 + [None] + [date(2025, 9, 1)]
    assert preview.consents_to_record == 0


def test_the_banks_are_the_same_as_through_the_services():
    """A mentee added by the import looks like one added in the card (besides the history reason)."""
    organization = make_organization()
    person = make_person(organization=organization)
    make_consent(person)
    by_hand = mentee_add(person=person, fields={"category": MenteeCategory.YOUNG}, m2m={}, by=None)
    data = registry(row(1, Наставляемый="да", **{"Категория наставляемого": "1"}))
    apply_registry(read_registry(data, organization=organization, on=ON), by=None)
    imported = Mentee.objects.exclude(pk=by_hand.pk).get()
    assert (imported.status, imported.category) == (by_hand.status, by_hand.category)
    assert imported.created_at is not None and imported.history.count() == 1


def test_the_difficulties_are_matched_by_name_code_or_a_unique_beginning():
    difficulty = Difficulty.objects.get(code="burnout")
    preview = read_registry(
        registry(
            row(
                1,
                Наставляемый="да",
                **{"Категория наставляемого": "1", "Затруднения": "ПРОФИЛАКТИКА профессионального"},
            )
        ),
        organization=make_organization(),
        on=ON,
    )
    assert preview.ok, preview.errors
    assert preview.to_create[0].extra["mentee_difficulties"] == [difficulty.pk]


def write(tmp_path: Path, data: bytes) -> str:
    path = tmp_path / "реестр.xlsx"
    path.write_bytes(data)
    return str(path)


def test_the_command_says_how_many_consents_and_bank_entries(tmp_path, capsys):
    organization = make_organization()
    path = write(tmp_path, a_file_for_the_banks())
    call_command("import_registry", path, organization=organization.pk, dry_run=True)
    assert (
        "Будет записано согласий на обработку персональных данных: 4; будет внесено в банк наставников: 1 человек, "
        "в банк наставляемых: 2 человека." in capsys.readouterr().out
    )
    call_command("import_registry", path, organization=organization.pk)
    out = capsys.readouterr().out
    assert "Создано: 5, обновлено: 0, без изменений: 0." in out
    assert (
        "Записано согласий на обработку персональных данных: 4; внесено в банк наставников: 1 человек, "
        "в банк наставляемых: 2 человека." in out
    )
    assert (Consent.objects.count(), Mentor.objects.count(), Mentee.objects.count()) == (4, 1, 2)


class BankImportPageTest(PersonasTestCase):
    def test_the_preview_counts_consents_and_bank_entries_and_confirmation_writes_them(self) -> None:
        self.login("curator_a")
        mentors = Mentor.objects.filter(person__organization=self.school_a)
        mentees = Mentee.objects.filter(person__organization=self.school_a)
        before = mentors.count(), mentees.count()
        consent = {"Согласие на обработку ПДн": "01.09.2024"}
        data = registry(
            row(1, Наставник="да", Наставляемый="да", **{"Категория наставляемого": "молодой", **consent}),
            row(2, Наставник="да", **consent),
        )
        response = self.client.post(
            reverse("people:registry-import"),
            {"organization": self.school_a.pk, "file": SimpleUploadedFile("реестр.xlsx", data)},
        )
        self.assertContains(response, "Будет записано 2 согласия на обработку персональных данных (на бумаге).")
        self.assertContains(response, "В банк наставников будет внесено: <strong>2 человека</strong>.")
        self.assertContains(response, "В банк наставляемых будет внесено: <strong>1 человек</strong>.")
        self.assertEqual((mentors.count(), mentees.count()), before)
        self.client.post(reverse("people:registry-import-confirm"), {"token": response.context["token"]})
        self.assertEqual((mentors.count(), mentees.count()), (before[0] + 2, before[1] + 1))
