"""Names declined as orders need them (issue 4: «Закрепить за наставником Кравченко Натальей Григорьевной…»)."""

from __future__ import annotations

import pytest

from nastavnik.lib.declension import Case, decline_name, gender_of


@pytest.mark.parametrize(
    ("name", "case", "expected"),
    [
        (("Кравченко", "Наталья", "Григорьевна"), Case.INSTRUMENTAL, "Кравченко Натальей Григорьевной"),
        (("Супрун", "Ольга", "Александровна"), Case.ACCUSATIVE, "Супрун Ольгу Александровну"),
        (("Петров", "Иван", "Ильич"), Case.ACCUSATIVE, "Петрова Ивана Ильича"),
        (("Петров", "Иван", "Ильич"), Case.DATIVE, "Петрову Ивану Ильичу"),
        (("Ёлкина", "Алёна", "Викторовна"), Case.GENITIVE, "Ёлкиной Алёны Викторовны"),
        (("Салтыкова-Щедрина", "Мария", "Петровна"), Case.INSTRUMENTAL, "Салтыковой-Щедриной Марией Петровной"),
        (("Кравченко", "Наталья", "Григорьевна"), Case.NOMINATIVE, "Кравченко Наталья Григорьевна"),
    ],
)
def test_a_name_is_declined_in_each_part(name, case, expected):  # type: ignore[no-untyped-def]
    assert decline_name(*name, case=case) == expected


def test_the_gender_comes_from_the_patronymic_or_the_record():
    assert gender_of("Григорьевна") == "female"
    assert gender_of("Ильич") == "male"
    assert gender_of("") is None
    # without a patronymic the record's gender decides; «Саша» is declined by it
    assert decline_name("Иванов", "Александр", "", case=Case.GENITIVE, gender="male") == "Иванова Александра"
    assert decline_name("Иванова", "Александра", "", case=Case.GENITIVE, gender="female") == "Ивановой Александры"


def test_without_any_gender_the_name_stays_as_written():
    assert decline_name("Ли", "Мин", "", case=Case.DATIVE) == "Ли Мин"
