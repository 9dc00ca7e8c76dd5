"""Consents: no bank without a valid processing consent; withdrawal takes a person out of the banks."""

from __future__ import annotations

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document

from nastavnik.accounts.models import AuditEvent, AuditKind, Role
from nastavnik.factory import make_consent, make_mentee, make_mentor, make_person, make_user
from nastavnik.mentoring import services as bank
from nastavnik.mentoring.models import MenteeStatus, MentorStatus
from nastavnik.people import services
from nastavnik.people.consent_docx import ConsentContext, make_consent_docx
from nastavnik.people.models import ConsentKind, Person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime(2025, 3, 3, 12, 0, tzinfo=ZoneInfo("Europe/Moscow")), tick=False):
        yield


def test_a_consent_is_valid_from_its_date_until_withdrawal():
    consent = make_consent(make_person(), given_on=date(2024, 9, 1), withdrawn_on=date(2025, 1, 10))
    assert not consent.is_valid(date(2024, 8, 31))
    assert consent.is_valid(date(2024, 9, 1))
    assert not consent.is_valid(date(2025, 1, 10))


def test_a_person_without_consent_cannot_enter_a_bank():
    person = make_person()
    with pytest.raises(ValidationError, match="нет действующего согласия"):
        bank.mentee_add(person=person, fields={"category": "young"}, m2m={}, by=None)
    with pytest.raises(ValidationError, match="нет действующего согласия"):
        bank.mentor_add(person=person, fields={}, m2m={}, by=None)


def test_a_publication_consent_alone_is_not_enough():
    person = make_person()
    make_consent(person, kind=ConsentKind.PUBLICATION)
    with pytest.raises(ValidationError):
        bank.mentee_add(person=person, fields={"category": "young"}, m2m={}, by=None)


def test_withdrawal_takes_the_person_out_of_both_banks_and_records_why():
    curator = make_user()
    person = make_person()
    consent = make_consent(person)
    mentor = make_mentor(person, municipal_status="admitted")
    mentee = make_mentee(person)
    services.consent_withdraw(consent=consent, on=date(2025, 3, 1), note="заявление", by=curator)
    mentor.refresh_from_db()
    mentee.refresh_from_db()
    assert mentor.status == MentorStatus.LEFT
    assert mentor.municipal_status == "declined"
    assert mentee.status == MenteeStatus.LEFT
    assert mentor.history.first().history_change_reason == "отозвано согласие на обработку"
    assert AuditEvent.objects.filter(kind=AuditKind.CONSENT_WITHDRAWN).count() == 1


def test_withdrawal_of_one_of_two_consents_keeps_the_person_in_the_bank():
    person = make_person()
    old = make_consent(person, given_on=date(2023, 9, 1))
    make_consent(person, given_on=date(2024, 9, 1))
    mentee = make_mentee(person)
    services.consent_withdraw(consent=old, on=date(2025, 3, 1), note="", by=None)  # type: ignore[arg-type]
    mentee.refresh_from_db()
    assert mentee.status == MenteeStatus.WAITING


def test_deleting_a_person_is_soft_and_takes_them_out_of_the_banks():
    person = make_person()
    make_consent(person)
    mentee = make_mentee(person)
    services.person_delete(person=person, by=make_user())
    assert not Person.objects.alive().filter(pk=person.pk).exists()
    assert Person.objects.filter(pk=person.pk).exists()
    mentee.refresh_from_db()
    assert mentee.status == MenteeStatus.LEFT
    assert AuditEvent.objects.filter(kind=AuditKind.PERSON_DELETED).exists()


def test_the_lists_flag_a_person_whose_consent_was_withdrawn(client):
    person = make_person(last_name="Ёлкина")
    consent = make_consent(person)
    make_mentee(person)
    client.force_login(make_user(Role.CURATOR, person.organization))
    services.consent_withdraw(consent=consent, on=date(2025, 3, 1), note="", by=None)  # type: ignore[arg-type]
    for name in ("people:person-list", "mentoring:mentee-list"):
        assert "нет согласия" in client.get(reverse(name)).content.decode(), name


def test_recording_a_consent_through_the_page_is_logged(client):
    person = make_person()
    client.force_login(make_user(Role.CURATOR, person.organization))
    response = client.post(
        reverse("people:consent-create", args=[person.pk]),
        {"kind": "processing", "given_on": "2025-03-01", "method": "in_person"},
    )
    assert response.status_code == 302
    consent = person.consents.get()
    assert consent.text_version == "2025-09"
    assert AuditEvent.objects.filter(kind=AuditKind.CONSENT_GIVEN, organization=person.organization).exists()


def test_a_consent_dated_in_the_future_is_refused_naming_the_field(client):
    person = make_person()
    client.force_login(make_user(Role.CURATOR, person.organization))
    response = client.post(
        reverse("people:consent-create", args=[person.pk]),
        {"kind": "processing", "given_on": "2031-01-01", "method": "paper"},
    )
    assert response.status_code == 400
    assert "Дата согласия не может быть в будущем" in response.content.decode()
    assert not person.consents.exists()


def test_a_scan_that_is_not_a_pdf_or_image_is_refused(client):
    person = make_person()
    client.force_login(make_user(Role.CURATOR, person.organization))
    fake = io.BytesIO(b"MZ\x90\x00 not a scan")
    fake.name = "scan.pdf"
    response = client.post(
        reverse("people:consent-create", args=[person.pk]),
        {"kind": "processing", "given_on": "2025-03-01", "method": "paper", "scan": fake},
    )
    assert response.status_code == 400
    assert "PDF, PNG или JPEG" in response.content.decode()
    assert not person.consents.exists()


def test_the_consent_context_is_prefilled_from_the_person():
    person = make_person(
        last_name="Супрун", first_name="Ольга", middle_name="Александровна", birth_date=date(1999, 2, 3)
    )
    context = ConsentContext.from_person(person, kind=ConsentKind.PROCESSING, today=date(2025, 3, 3))
    assert context.full_name == "Супрун Ольга Александровна"
    assert context.birth_date == "03.02.1999"
    assert context.female
    assert context.operator_name == person.organization.name
    assert context.today == "«03» марта 2025 г."


@pytest.mark.parametrize("kind", [ConsentKind.PROCESSING, ConsentKind.PUBLICATION])
def test_the_consent_form_is_a_real_docx_with_the_152_fz_content(kind):
    context = ConsentContext(
        kind=kind,
        full_name="Петров Иван Ильич",
        birth_date="01.01.1980",
        female=False,
        operator_name="МБОУ «СОШ № 1»",
        operator_address="г. Старый Оскол",
        text_version="2025-09",
        today="«03» марта 2025 г.",
    )
    text = "\n".join(p.text for p in Document(io.BytesIO(make_consent_docx(context))).paragraphs)
    assert "Петров Иван Ильич" in text
    assert "зарегистрированный" in text
    assert "152-ФЗ" in text
    article = "статьёй 9" if kind == ConsentKind.PROCESSING else "статьёй 10.1"
    assert article in text
    assert "отозвано" in text  # how to withdraw
