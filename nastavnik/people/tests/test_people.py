"""Derived facts about a person at any date, and moves between organizations."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from nastavnik.factory import make_municipality, make_organization, make_person, make_user
from nastavnik.orgs.models import YoungRule
from nastavnik.people import services
from nastavnik.people.models import Employment

pytestmark = pytest.mark.django_db


def test_age_and_experience_are_whole_years_at_the_date():
    person = make_person(birth_date=date(1990, 5, 17), experience_start=date(2022, 9, 1))
    assert person.age(date(2025, 5, 16)) == 34
    assert person.age(date(2025, 5, 17)) == 35
    assert person.experience_years(date(2025, 8, 31)) == 2
    assert person.experience_years(date(2025, 9, 1)) == 3
    assert person.is_under_35(date(2025, 5, 16))
    assert not person.is_under_35(date(2025, 5, 17))


@pytest.mark.parametrize(
    ("rule", "young_on_2025_06_01"),
    [
        (YoungRule.EXPERIENCE_OR_AGE, True),  # 36 years old but 2 years of experience
        (YoungRule.EXPERIENCE_AND_AGE, False),
        (YoungRule.EXPERIENCE, True),
        (YoungRule.AGE, False),
    ],
)
def test_young_teacher_follows_the_municipality_rule(rule, young_on_2025_06_01):
    municipality = make_municipality(young_rule=rule)
    person = make_person(
        organization=make_organization(municipality=municipality),
        birth_date=date(1989, 1, 1),
        experience_start=date(2023, 9, 1),
    )
    assert person.is_young(date(2025, 6, 1)) is young_on_2025_06_01


def test_the_thresholds_are_settings_of_the_municipality():
    municipality = make_municipality(young_experience_years=5)
    person = make_person(
        organization=make_organization(municipality=municipality),
        birth_date=date(1980, 1, 1),
        experience_start=date(2021, 9, 1),
    )
    assert person.is_young(date(2025, 6, 1))


def test_a_move_keeps_the_history_of_workplaces():
    first = make_organization()
    second = make_organization(municipality=first.municipality)
    with time_machine.travel(date(2024, 1, 10), tick=False):
        person = services.person_create(
            fields={"last_name": "Ёлкин", "first_name": "Пётр", "gender": "male", "organization": first}, by=None
        )
    services.person_move(person=person, organization=second, on=date(2025, 9, 1), by=make_user())
    places = list(
        Employment.objects.filter(person=person).order_by("started_on").values_list("organization", "ended_on")
    )
    assert places[0] == (first.pk, date(2025, 9, 1))
    assert places[1] == (second.pk, None)
    assert person.organization == second
    assert person.history.count() == 2


def test_messages_agree_with_the_persons_gender():
    assert make_person(gender="female").past("внесён") == "внесена"
    assert make_person(gender="female").past("добавлен") == "добавлена"
    assert make_person(gender="male").past("удалён") == "удалён"
