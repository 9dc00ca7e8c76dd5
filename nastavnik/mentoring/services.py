"""Workflows of the banks of mentors and mentees."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from nastavnik.accounts.models import User
from nastavnik.mentoring.models import (
    OPEN_STATUSES,
    EndReason,
    Mentee,
    MenteeStatus,
    Mentor,
    Mentorship,
    MentorshipKind,
    MentorshipStatus,
    MentorshipStatusChange,
    MentorStatus,
    MunicipalStatus,
    Participant,
    ParticipantRole,
)
from nastavnik.orgs.models import Organization
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


# --- Pairs and groups -----------------------------------------------------------------------------------

TRANSITIONS: dict[str, tuple[str, ...]] = {
    MentorshipStatus.DRAFT: (MentorshipStatus.APPROVED, MentorshipStatus.ENDED_EARLY),
    MentorshipStatus.APPROVED: (MentorshipStatus.ACTIVE, MentorshipStatus.ENDED_EARLY),
    MentorshipStatus.ACTIVE: (MentorshipStatus.COMPLETED, MentorshipStatus.ENDED_EARLY),
}


@transaction.atomic
def mentorship_create(
    *,
    organization: Organization,
    pairing: str,
    kinds: list[str],
    mentors: list[Mentor],
    mentees: list[Mentee],
    started_on: date,
    planned_end_on: date,
    by: User | None,
) -> Mentorship:
    """Form a pair or a group as a draft. The rules hold under concurrent requests: the mentors' rows
    are locked (PostgreSQL) or the write transaction is exclusive (SQLite, IMMEDIATE mode) while the
    places are counted."""
    if not mentors or not mentees:
        raise ValidationError("В паре (группе) нужен хотя бы один наставник и хотя бы один наставляемый.")
    unknown = set(kinds) - set(MentorshipKind.values)
    if not kinds or unknown:
        raise ValidationError("Укажите хотя бы один вид наставничества из перечня.")
    if planned_end_on < started_on:
        raise ValidationError({"planned_end_on": "Плановая дата окончания раньше даты начала."})
    locked = list(Mentor.objects.select_for_update().filter(pk__in=[m.pk for m in mentors]).select_related("person"))
    mentees = list(Mentee.objects.select_for_update().filter(pk__in=[m.pk for m in mentees]).select_related("person"))
    for mentor in locked:
        _require_consent(mentor.person)
        if mentor.status != MentorStatus.IN_BANK:
            raise ValidationError(
                f"{mentor.person.full_name} не в банке наставников (статус: {mentor.get_status_display()})."
            )
        if started_on < mentor.created_at.date():
            name, added = mentor.person.full_name, mentor.person.past("внесён")
            raise ValidationError(f"Пара не может начаться раньше, чем {name} {added} в банк наставников.")
        busy = (
            Participant.objects.current()
            .filter(person=mentor.person, role=ParticipantRole.MENTOR, mentorship__status__in=OPEN_STATUSES)
            .count()
        )
        if busy + len(mentees) > mentor.capacity:
            name = mentor.person.full_name
            raise ValidationError(
                f"У наставника {name} нет столько свободных мест: занято {busy} из {mentor.capacity}."
            )
    for mentee in mentees:
        _require_consent(mentee.person)
        if mentee.status != MenteeStatus.WAITING:
            raise ValidationError(
                f"{mentee.person.full_name} не ожидает наставника (статус: {mentee.get_status_display()})."
            )
        if started_on < mentee.requested_on:
            raise ValidationError(
                f"Пара не может начаться раньше запроса наставляемого ({mentee.requested_on:%d.%m.%Y})."
            )
    mentorship = Mentorship.objects.create(
        organization=organization,
        pairing=pairing,
        kinds=sorted(kinds),
        started_on=started_on,
        planned_end_on=planned_end_on,
        created_by=by,
    )
    Participant.objects.bulk_create(
        [
            Participant(mentorship=mentorship, person=m.person, role=ParticipantRole.MENTOR, joined_on=started_on)
            for m in locked
        ]
        + [
            Participant(mentorship=mentorship, person=m.person, role=ParticipantRole.MENTEE, joined_on=started_on)
            for m in mentees
        ]
    )
    Mentee.objects.filter(pk__in=[m.pk for m in mentees]).update(status=MenteeStatus.PAIRED)
    MentorshipStatusChange.objects.create(mentorship=mentorship, new_status=MentorshipStatus.DRAFT, by=by)
    return mentorship


@transaction.atomic
def mentorship_transition(
    *, mentorship: Mentorship, to: str, by: User | None, on: date, reason: str = "", note: str = ""
) -> Mentorship:
    """Move a pair along its lifecycle, recording the change; ending frees the mentees."""
    mentorship = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    if to not in TRANSITIONS.get(mentorship.status, ()):
        raise ValidationError(
            f"Пару в статусе «{mentorship.get_status_display()}» нельзя перевести в «{MentorshipStatus(to).label}»."
        )
    if to == MentorshipStatus.APPROVED and not (mentorship.order_number and mentorship.order_date):
        raise ValidationError("Для утверждения укажите номер и дату приказа.")
    if to == MentorshipStatus.ENDED_EARLY and reason not in EndReason.values:
        raise ValidationError({"reason": "Укажите причину досрочного прекращения."})
    old = mentorship.status
    mentorship.status = to
    fields = ["status"]
    if to in (MentorshipStatus.COMPLETED, MentorshipStatus.ENDED_EARLY):
        mentorship.ended_on = on
        mentorship.end_reason = reason if to == MentorshipStatus.ENDED_EARLY else ""
        fields += ["ended_on", "end_reason"]
        mentee_status = MenteeStatus.FINISHED if to == MentorshipStatus.COMPLETED else MenteeStatus.WAITING
        people = mentorship.participants.filter(role=ParticipantRole.MENTEE).values("person")
        Mentee.objects.filter(person__in=people, status=MenteeStatus.PAIRED).update(status=mentee_status)
    mentorship.save(update_fields=fields)
    MentorshipStatusChange.objects.create(mentorship=mentorship, old_status=old, new_status=to, by=by, note=note)
    return mentorship
