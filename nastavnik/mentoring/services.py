"""Workflows of the banks of mentors and mentees."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from nastavnik.accounts.models import User
from nastavnik.mentoring.models import Mentee, MenteeStatus, Mentor, MentorStatus, MunicipalStatus
from nastavnik.people.models import Person
from nastavnik.people.services import has_valid_consent
from nastavnik.people.signals import left_banks

NO_CONSENT = "У работника нет действующего согласия на обработку персональных данных: внести его в банк нельзя."


def _require_consent(person: Person) -> None:
    if not has_valid_consent(person, on=timezone.localdate()):
        raise ValidationError(NO_CONSENT)


def _save(obj: Mentor | Mentee, by: User | None, m2m: dict[str, list[Any]]) -> None:
    obj._history_user = by  # type: ignore[union-attr]
    obj.save()
    for name, values in m2m.items():
        getattr(obj, name).set(values)


@transaction.atomic
def mentor_add(*, person: Person, fields: dict[str, Any], m2m: dict[str, list[Any]], by: User | None) -> Mentor:
    _require_consent(person)
    if Mentor.objects.filter(person=person).exists():
        raise ValidationError("Этот работник уже есть в банке наставников.")
    fields.setdefault("capacity", person.organization.municipality.default_mentor_capacity)
    mentor = Mentor(person=person, **fields)
    _save(mentor, by, m2m)
    return mentor


@transaction.atomic
def mentor_update(*, mentor: Mentor, fields: dict[str, Any], m2m: dict[str, list[Any]], by: User) -> Mentor:
    if fields.get("status", mentor.status) in (MentorStatus.CANDIDATE, MentorStatus.IN_BANK):
        _require_consent(mentor.person)
    for name, value in fields.items():
        setattr(mentor, name, value)
    _save(mentor, by, m2m)
    return mentor


@transaction.atomic
def mentor_nominate(*, mentor: Mentor, by: User) -> Mentor:
    """The school puts its mentor forward for the municipal bank."""
    _require_consent(mentor.person)
    if mentor.municipal_status in (MunicipalStatus.NOMINATED, MunicipalStatus.ADMITTED):
        raise ValidationError("Наставник уже выдвинут в муниципальный банк.")
    mentor.municipal_status = MunicipalStatus.NOMINATED
    mentor.nominated_on = timezone.localdate()
    mentor.municipal_reason = ""
    mentor.municipal_decided_on = None
    mentor.municipal_decided_by = None
    _save(mentor, by, {})
    return mentor


@transaction.atomic
def mentor_decide(*, mentor: Mentor, admit: bool, reason: str, by: User) -> Mentor:
    """The coordinator's decision on a nomination: admit to the municipal bank or decline with a reason."""
    if mentor.municipal_status != MunicipalStatus.NOMINATED:
        raise ValidationError("Решение принимается только по выдвинутому наставнику.")
    if not admit and not reason.strip():
        raise ValidationError({"reason": "Укажите причину отказа."})
    if admit:
        _require_consent(mentor.person)
    mentor.municipal_status = MunicipalStatus.ADMITTED if admit else MunicipalStatus.DECLINED
    mentor.municipal_reason = reason.strip()
    mentor.municipal_decided_on = timezone.localdate()
    mentor.municipal_decided_by = by
    _save(mentor, by, {})
    return mentor


@transaction.atomic
def mentee_add(*, person: Person, fields: dict[str, Any], m2m: dict[str, list[Any]], by: User | None) -> Mentee:
    _require_consent(person)
    if Mentee.objects.filter(person=person).exists():
        raise ValidationError("Этот работник уже есть в банке наставляемых.")
    fields.setdefault("requested_on", timezone.localdate())
    mentee = Mentee(person=person, **fields)
    _save(mentee, by, m2m)
    return mentee


@transaction.atomic
def mentee_update(*, mentee: Mentee, fields: dict[str, Any], m2m: dict[str, list[Any]], by: User) -> Mentee:
    if fields.get("status", mentee.status) in (MenteeStatus.WAITING, MenteeStatus.PAIRED):
        _require_consent(mentee.person)
    for name, value in fields.items():
        setattr(mentee, name, value)
    _save(mentee, by, m2m)
    return mentee


@receiver(left_banks)
def remove_from_banks(sender: Any, person: Person, on: date, by: User | None, reason: str, **kwargs: Any) -> None:
    """A person without a valid consent (or deleted) leaves both banks; history keeps the reason."""
    mentor = Mentor.objects.filter(person=person).exclude(status=MentorStatus.LEFT).first()
    if mentor is not None:
        mentor.status = MentorStatus.LEFT
        if mentor.municipal_status in (MunicipalStatus.NOMINATED, MunicipalStatus.ADMITTED):
            mentor.municipal_status = MunicipalStatus.DECLINED
            mentor.municipal_reason = reason
            mentor.municipal_decided_on = on
        mentor._change_reason = reason  # type: ignore[attr-defined]
        _save(mentor, by, {})
    mentee = Mentee.objects.filter(person=person).exclude(status__in=[MenteeStatus.LEFT, MenteeStatus.FINISHED]).first()
    if mentee is not None:
        mentee.status = MenteeStatus.LEFT
        mentee._change_reason = reason  # type: ignore[attr-defined]
        _save(mentee, by, {})
