"""The curator's main flow in a real browser (issue: foundation)."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from nastavnik.accounts.models import Role
from nastavnik.factory import make_municipality, make_organization, make_user
from nastavnik.mentoring.models import Mentee

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "пароль-куратора-2025"


def registry_file(tmp_path: Path) -> Path:
    """A real-world sheet: a title row, «Ф.И.О.» in one column, dates as text and as Excel dates."""
    book = Workbook()
    sheet = book.active
    sheet.append(["Список педагогических работников МБОУ «СОШ № 1»"])
    sheet.append(["№", "Ф.И.О. педагога", "Дата рождения", "Должность", "Стаж"])
    sheet.append([1, "Ёлкина Алёна Викторовна", "14.03.1998", "учитель математики", 2])
    sheet.append([2, "Абрамов  Олег Петрович", date(1975, 6, 1), "учитель физики", 25])
    buffer = io.BytesIO()
    book.save(buffer)
    path = tmp_path / "реестр.xlsx"
    path.write_bytes(buffer.getvalue())
    return path


def log_in(page, base: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def test_curator_imports_finds_adds_a_mentee_and_another_school_cannot_see_it(live_server, new_page, tmp_path):  # type: ignore[no-untyped-def]
    municipality = make_municipality()
    school_a = make_organization(municipality=municipality, short_name="МБОУ «СОШ № 1»")
    school_b = make_organization(municipality=municipality, short_name="МБОУ «СОШ № 2»")
    make_user(Role.CURATOR, school_a, username="curator_a", password=PASSWORD)
    make_user(Role.CURATOR, school_b, username="curator_b", password=PASSWORD)
    base = live_server.url

    page = new_page()
    log_in(page, base, "curator_a")

    # Import the registry: preview first, then confirm.
    page.goto(f"{base}/people/import/")
    page.set_input_files("#id_file", str(registry_file(tmp_path)))
    page.click("text=Проверить файл")
    page.wait_for_selector("text=Будет создано:")
    assert "Будет создано: 2" in page.inner_text("main")
    page.click("text=Подтвердить и записать")
    page.wait_for_selector("text=Реестр загружен")

    # Find «Ёлкина» by typing «елкина»: htmx replaces the results as the user types.
    page.goto(f"{base}/people/")
    page.fill("#search", "елкина")
    expect(page.locator("#results")).not_to_contain_text("Абрамов")
    results = page.inner_text("#results")
    assert "Ёлкина Алёна Викторовна" in results
    assert "Найдено: 1 работник" in results

    # Record the consent, then put her into the bank of mentees.
    page.click("text=Ёлкина Алёна Викторовна")
    page.select_option("#id_kind", "processing")
    page.fill("#id_given_on", "2025-03-01")
    page.click("button:has-text('Записать согласие')")
    page.wait_for_selector("text=Согласие записано")
    page.click("text=Внести в банк наставляемых")
    page.select_option("#id_category", "young")
    page.fill("#id_request", "Хочу научиться держать дисциплину на уроке")
    page.click("button:has-text('Сохранить')")
    page.wait_for_selector("text=Ёлкина Алёна Викторовна внесена в банк наставляемых")
    mentee_url = page.url
    assert re.search(r"/mentoring/mentees/\d+/$", mentee_url)

    page.goto(f"{base}/mentoring/mentees/waiting/")
    assert "Ёлкина Алёна Викторовна" in page.inner_text("main")
    assert Mentee.objects.get().person.last_name == "Ёлкина"

    # A curator of another school gets «not found» for that mentee.
    other = new_page()
    log_in(other, base, "curator_b")
    response = other.goto(mentee_url)
    assert response.status == 404
    other.goto(f"{base}/mentoring/mentees/waiting/")
    assert "Ёлкина" not in other.inner_text("main")
