"""Pairs in a real browser (issue: pairs, matching and programs): the curator runs matching, changes
one proposal and approves, draws up a program from the default template; the mentor marks an activity
done and the curator sees the progress; a mentee asks for another mentor and the curator replaces the
mentor, the program staying with the pair."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from nastavnik.accounts.models import Role
from nastavnik.factory import (
    make_consent,
    make_mentee,
    make_mentor,
    make_municipality,
    make_organization,
    make_person,
    make_user,
)
from nastavnik.mentoring.models import Difficulty, Mentorship, MentorshipStatus
from nastavnik.people.models import Gender

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migrated_data")]
PASSWORD = "пароль-для-браузера-2025"


def log_in(page, base: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def person(school, last, first, middle, gender=Gender.FEMALE, user=None):  # type: ignore[no-untyped-def]
    someone = make_person(
        organization=school, last_name=last, first_name=first, middle_name=middle, gender=gender, user=user
    )
    make_consent(someone)
    return someone


def test_curator_matches_adjusts_approves_and_replaces_a_mentor_on_request(live_server, new_page):  # type: ignore[no-untyped-def]
    school = make_organization(municipality=make_municipality(), short_name="МБОУ «СОШ № 1»")
    make_user(Role.CURATOR, school, username="curator", password=PASSWORD)
    mentee_user = make_user(Role.MENTEE, school, username="mentee", password=PASSWORD)
    mentor_user = make_user(Role.MENTOR, school, username="mentor", password=PASSWORD)
    lessons, digital = Difficulty.objects.all()[:2]
    kravchenko = make_mentor(person(school, "Кравченко", "Наталья", "Григорьевна"), capacity=2)
    kravchenko.competencies.set([lessons])
    orlov = make_mentor(person(school, "Орлов", "Пётр", "Ильич", Gender.MALE, user=mentor_user), capacity=2)
    orlov.competencies.set([digital])
    suprun = make_mentee(person(school, "Супрун", "Ольга", "Александровна", user=mentee_user))
    suprun.difficulties.set([lessons])
    belova = make_mentee(person(school, "Белова", "Ирина", "Сергеевна"))
    belova.difficulties.set([digital])
    base = live_server.url

    curator = new_page()
    log_in(curator, base, "curator")
    curator.click("text=Пары и группы")
    curator.click("text=Подобрать пары")
    proposal = curator.locator("#proposal")
    expect(proposal).to_contain_text("закрывает 1 из 1 затруднения")
    suprun_row = proposal.locator(f"tr[data-mentee='{suprun.pk}']")
    expect(suprun_row).to_contain_text("Кравченко Наталья Григорьевна")
    assert Mentorship.objects.count() == 0  # nothing is written before approval

    # Give Супрун the other mentor instead.
    suprun_row.locator("text=Заменить").click()
    curator.locator("#candidates tr", has_text="Орлов Пётр Ильич").locator("button:has-text('Выбрать')").click()
    expect(curator.locator(".alert-success")).to_contain_text(
        "Супрун Ольга Александровна: наставник — Орлов Пётр Ильич"
    )
    expect(proposal.locator(f"tr[data-mentee='{suprun.pk}']")).to_contain_text("Орлов Пётр Ильич")

    curator.click("button:has-text('Утвердить и создать 2 пары')")
    expect(curator.locator(".alert-success")).to_contain_text("Создано 2 пары (черновики)")
    assert Mentorship.objects.filter(status=MentorshipStatus.DRAFT).count() == 2
    pair = Mentorship.objects.get(participants__person=suprun.person)

    # The curator draws up the program from the default template (seed 004, Приложение № 2).
    curator.goto(f"{base}{pair.get_absolute_url()}")
    curator.click("text=Составить программу по шаблону")
    curator.click("button:has-text('Составить')")
    expect(curator.locator(".alert-success")).to_contain_text("Программа составлена по шаблону")
    expect(curator.locator("main")).to_contain_text("Блок I")
    program_url = curator.url

    # The mentor marks the first activity done with its result.
    mentor = new_page()
    log_in(mentor, base, "mentor")
    mentor.goto(program_url)
    mentor.locator("a:has-text('Отметить')").first.click()
    mentor.select_option("#id_done", "1")
    mentor.fill("#id_actual_result", "Провели знакомство, составили план встреч на полугодие")
    mentor.fill("#id_evidence_note", "Протокол встречи № 1")
    mentor.click("button:has-text('Сохранить')")
    expect(mentor.locator("#program-progress")).to_contain_text("Выполнено 1 из")

    # The curator sees the progress on the board and on the pair's page.
    curator.goto(f"{base}/mentoring/mentorships/")
    total = pair.program.activities.count()
    expect(curator.locator("main table")).to_contain_text(f"1 из {total}")
    curator.goto(f"{base}{pair.get_absolute_url()}")
    expect(curator.locator("#pair-program")).to_contain_text(f"Выполнено 1 из {total}")

    # The mentee asks for another mentor from their home page.
    mentee = new_page()
    log_in(mentee, base, "mentee")
    mentee.click("text=Пара: Орлов Пётр Ильич — Супрун Ольга Александровна")
    mentee.fill("#id_reason", "Мне нужна помощь с дисциплиной на уроке, а не с цифровыми навыками")
    mentee.click("button:has-text('Отправить куратору')")
    expect(mentee.locator(".alert-success")).to_contain_text("Просьба передана куратору")

    # The curator grants it and names the new mentor; the pair stays the same (the program carries over).
    curator.goto(f"{base}/")
    curator.click("text=Просьбы участников пар ждут вашего решения: 1")
    curator.goto(f"{base}{pair.get_absolute_url()}")
    expect(curator.locator("main")).to_contain_text("Просьба наставляемого о смене наставника")
    curator.select_option("select[name=grant]", "1")
    curator.select_option("select[name=replacement]", str(kravchenko.pk))
    curator.click("button:has-text('Решить')")
    expect(curator.locator(".alert-success")).to_contain_text("Решение по просьбе записано")
    expect(curator.locator("main")).to_contain_text("Выбыли из пары: Орлов Пётр Ильич")
    expect(curator.locator("main")).to_contain_text(
        "Смена наставника: Орлов Пётр Ильич → Кравченко Наталья Григорьевна"
    )
    assert pair.participants.current().get(role="mentor").person == kravchenko.person
    expect(curator.locator("#pair-program")).to_contain_text(f"Выполнено 1 из {total}")  # the program carries over
