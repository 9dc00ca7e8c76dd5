"""Search by any part of ФИО ignores case and ё, on SQLite and PostgreSQL; lists sort in Russian order."""

from __future__ import annotations

import pytest
from django.urls import reverse

from nastavnik.factory import make_organization, make_person
from nastavnik.people.models import Person


@pytest.fixture
def people(db):  # type: ignore[no-untyped-def]
    school = make_organization()
    names = [("Ёлкина", "Алёна"), ("Елисеев", "Пётр"), ("Абрамова", "Ирина"), ("Яковлев", "Олег"), ("Жукова", "Эмма")]
    return [make_person(organization=school, last_name=last, first_name=first) for last, first in names]


@pytest.mark.parametrize("query", ["елкина", "ЁЛКИНА", "Елкина Алена", "лкин", "алёна ёлкина", "  ёлкина  "])
def test_it_finds_yolkina_whatever_the_case_and_yo(people, query):  # type: ignore[no-untyped-def]
    assert [p.last_name for p in Person.objects.search(query)] == ["Ёлкина"]


def test_it_sorts_in_russian_alphabetical_order(people):  # type: ignore[no-untyped-def]
    # ё sorts with е (after «Ж» would be wrong), and «Я» comes last.
    assert [p.last_name for p in Person.objects.all()] == ["Абрамова", "Елисеев", "Ёлкина", "Жукова", "Яковлев"]


def test_the_registry_page_finds_by_lower_case_without_yo(people, admin_client_nastavnik):  # type: ignore[no-untyped-def]
    response = admin_client_nastavnik.get(reverse("people:person-list"), {"q": "елкина"})
    assert response.status_code == 200
    assert "Ёлкина Алёна" in response.content.decode()
    assert "Абрамова" not in response.content.decode()


def test_htmx_search_returns_only_the_results(people, admin_client_nastavnik):  # type: ignore[no-untyped-def]
    response = admin_client_nastavnik.get(reverse("people:person-list"), {"q": "жуков"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "Жукова" in html
    assert "<nav" not in html  # the partial, not the whole page


@pytest.mark.parametrize("query", ["%", "_", "ёлк%"])
def test_wildcards_typed_by_the_user_are_plain_characters(people, query):  # type: ignore[no-untyped-def]
    assert list(Person.objects.search(query)) == []
