"""Review of the положение in a real browser (issue: documents): the curator uploads it and submits
it; the coordinator returns it with a remark; the curator sees the remark, uploads a new version and
resubmits; the coordinator approves and the document shows «согласован»."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from nastavnik.accounts.models import Role
from nastavnik.documents.models import Document, ReviewStatus
from nastavnik.factory import make_municipality, make_organization, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migrated_data")]
PASSWORD = "пароль-для-браузера-2025"
PDF = {"mimeType": "application/pdf"}


def log_in(page, base: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def test_the_regulation_is_returned_with_a_remark_resubmitted_and_approved(live_server, new_page):  # type: ignore[no-untyped-def]
    municipality = make_municipality(name="Старооскольский городской округ")
    make_organization(municipality=municipality, short_name="МБОУ «СОШ № 1»")
    school = make_organization(municipality=municipality, short_name="МБОУ «СОШ № 2»")
    make_user(Role.CURATOR, school, username="curator", password=PASSWORD)
    make_user(Role.COORDINATOR, municipality, username="coordinator", password=PASSWORD)
    base = live_server.url

    curator = new_page()
    log_in(curator, base, "curator")
    curator.click("nav >> text=Документы")
    curator.click("text=Загрузить документ")
    curator.select_option("#id_kind", "regulation")
    curator.fill("#id_title", "Положение о системе наставничества педагогических работников")
    curator.fill("#id_date", "2025-01-10")
    curator.set_input_files("#id_file", files=[{"name": "Положение.pdf", "buffer": b"%PDF-1.4 v1", **PDF}])
    curator.click("main button:has-text('Загрузить')")
    expect(curator.locator(".alert-success")).to_contain_text("Документ внесён в реестр")
    curator.click("button:has-text('Направить на экспертизу')")
    expect(curator.locator("#review-status")).to_have_text("на экспертизе")

    coordinator = new_page()
    log_in(coordinator, base, "coordinator")
    coordinator.goto(f"{base}/documents/review/")
    expect(coordinator.locator("#missing")).to_contain_text("МБОУ «СОШ № 1»")
    coordinator.locator("#waiting").locator("text=Положение о системе наставничества педагогических работников").click()
    coordinator.fill("#id_remarks", "Добавить раздел о формах наставничества")
    coordinator.click("button:has-text('Вернуть на доработку')")
    expect(coordinator.locator("#review-status")).to_have_text("возвращён на доработку")

    curator.reload()
    expect(curator.locator("#last-remarks")).to_contain_text("Добавить раздел о формах наставничества")
    curator.set_input_files("#id_file", files=[{"name": "Положение-2.pdf", "buffer": b"%PDF-1.4 v2", **PDF}])
    curator.click("button:has-text('Загрузить новую версию')")
    expect(curator.locator(".alert-success")).to_contain_text("Загружена версия 2")
    curator.click("button:has-text('Направить на экспертизу повторно')")
    expect(curator.locator("#review-status")).to_have_text("на экспертизе")

    coordinator.reload()
    coordinator.click("button:has-text('Согласовать')")
    expect(coordinator.locator("#review-status")).to_have_text("согласован")
    expect(coordinator.locator("#review-history")).to_contain_text("Возвращён на доработку")

    curator.reload()
    expect(curator.locator("#review-status")).to_have_text("согласован")
    document = Document.objects.get()
    assert document.review_status == ReviewStatus.APPROVED
    assert list(document.review_steps.values_list("action", flat=True)) == ["submit", "return", "submit", "approve"]
    assert document.versions.count() == 2


def test_the_curator_makes_the_order_fixing_three_pairs_and_downloads_it(live_server, new_page, tmp_path):  # type: ignore[no-untyped-def]
    import io
    from datetime import date

    from docx import Document as Docx

    from nastavnik.factory import make_consent, make_mentee, make_mentor, make_mentorship, make_person
    from nastavnik.people.models import Gender

    school = make_organization(municipality=make_municipality(), short_name="МБОУ «СОШ № 1»")
    make_user(Role.CURATOR, school, username="curator", password=PASSWORD)
    mentors = [
        ("Кравченко", "Наталья", "Григорьевна"),
        ("Белых", "Ирина", "Олеговна"),
        ("Шевчук", "Дмитрий", "Юрьевич"),
    ]
    mentees = [("Супрун", "Ольга", "Александровна"), ("Вячистая", "Елена", "Сергеевна"), ("Петров", "Пётр", "Ильич")]
    today = date.today()
    for (ml, mf, mm), (el, ef, em) in zip(mentors, mentees, strict=True):
        people = []
        for last, first, middle in ((ml, mf, mm), (el, ef, em)):
            gender = Gender.MALE if middle.endswith("ич") else Gender.FEMALE
            someone = make_person(
                organization=school, last_name=last, first_name=first, middle_name=middle, gender=gender
            )
            make_consent(someone)
            people.append(someone)
        pair = make_mentorship(
            mentors=[make_mentor(people[0])], mentees=[make_mentee(people[1], requested_on=today)], started_on=today
        )
        pair.participants.update(duties_consent_on=today)
    base = live_server.url

    page = new_page()
    log_in(page, base, "curator")
    page.goto(f"{base}/documents/generate/pairs-order/")
    for box in page.locator("input[name=pairs]").all():
        box.check()
    page.click("button:has-text('Сформировать приказ')")
    expect(page.locator(".alert-success")).to_contain_text("сформирован и внесён в реестр")
    with page.expect_download() as download:
        page.locator("a:has-text('Скачать')").first.click()
    path = tmp_path / "prikaz.docx"
    download.value.save_as(path)
    text = "\n".join(p.text for p in Docx(io.BytesIO(path.read_bytes())).paragraphs)
    assert "ПРИКАЗ" in text
    assert "Закрепить за наставником Кравченко Натальей Григорьевной" in text
    assert "Супрун Ольгу Александровну" in text
    assert "Белых Ириной Олеговной" in text and "Вячистую Елену Сергеевну" in text
    assert "Шевчуком Дмитрием Юрьевичем" in text and "Петрова Петра Ильича" in text
    assert Document.objects.get().kind == "order_pairs"
