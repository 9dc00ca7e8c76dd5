"""Workflows of the banks of mentors and mentees."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from nastavnik.accounts.models import User
from nastavnik.mentoring.models import (
    OPEN_STATUSES,
    CompatibilityNote,
    Difficulty,
    EndReason,
    Mentee,
    MenteeStatus,
    Mentor,
    Mentorship,
    MentorshipKind,
    MentorshipQuerySet,
    MentorshipRequest,
    MentorshipStatus,
    MentorshipStatusChange,
    MentorStatus,
    MunicipalStatus,
    Pairing,
    Participant,
    ParticipantRole,
    RequestKind,
    RequestStatus,
    Verdict,
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


def _open_pairs_of(person: Person) -> MentorshipQuerySet:
    current = Participant.objects.current().filter(person=person)
    return Mentorship.objects.open().filter(pk__in=current.values("mentorship"))


def _check_mentor_places(mentor: Mentor, *, adding: int, on: date) -> None:
    _require_consent(mentor.person)
    name = mentor.person.full_name
    if mentor.status != MentorStatus.IN_BANK:
        raise ValidationError(f"{name} не в банке наставников (статус: {mentor.get_status_display()}).")
    if on < mentor.created_at.date():
        raise ValidationError(
            f"Пара не может начаться раньше, чем {name} {mentor.person.past('внесён')} в банк наставников."
        )
    busy = (
        Participant.objects.current()
        .filter(person=mentor.person, role=ParticipantRole.MENTOR, mentorship__status__in=OPEN_STATUSES)
        .count()
    )
    if busy + adding > mentor.capacity:
        raise ValidationError(f"У наставника {name} нет столько свободных мест: занято {busy} из {mentor.capacity}.")


def _check_mentee(mentee: Mentee, *, difficulties: set[int], on: date) -> None:
    """A mentee waits for a mentor, or is in other pairs for other difficulties only: at most one open
    pair per difficulty (a pair without named difficulties takes the mentee whole)."""
    _require_consent(mentee.person)
    name = mentee.person.full_name
    if mentee.status not in (MenteeStatus.WAITING, MenteeStatus.PAIRED):
        raise ValidationError(f"{name} не ожидает наставника (статус: {mentee.get_status_display()}).")
    if on < mentee.requested_on:
        raise ValidationError(f"Пара не может начаться раньше запроса наставляемого ({mentee.requested_on:%d.%m.%Y}).")
    for pair in _open_pairs_of(mentee.person).prefetch_related("difficulties"):
        taken = {d.pk: d.name for d in pair.difficulties.all()}
        common = sorted(name for pk, name in taken.items() if pk in difficulties)
        if not taken or not difficulties or common:
            what = f" по затруднению «{common[0]}»" if common else ""
            raise ValidationError(f"У наставляемого {name} уже есть действующая пара{what}.")


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
    difficulties: list[Difficulty] | None = None,
) -> Mentorship:
    """Form a pair or a group as a draft. The rules hold under concurrent requests: the mentors' and
    mentees' rows are locked (PostgreSQL) or the write transaction is exclusive (SQLite, IMMEDIATE mode)
    while the places and the open pairs are counted. ``difficulties`` are what the pair works on; by
    default, the mentees' recorded difficulties."""
    if not mentors or not mentees:
        raise ValidationError("В паре (группе) нужен хотя бы один наставник и хотя бы один наставляемый.")
    if pairing not in Pairing.values:
        raise ValidationError({"pairing": "Выберите форму наставничества из перечня."})
    unknown = set(kinds) - set(MentorshipKind.values)
    if not kinds or unknown:
        raise ValidationError({"kinds": "Укажите хотя бы один вид наставничества из перечня."})
    if planned_end_on < started_on:
        raise ValidationError({"planned_end_on": "Плановая дата окончания раньше даты начала."})
    locked = list(Mentor.objects.select_for_update().filter(pk__in=[m.pk for m in mentors]).select_related("person"))
    mentees = list(Mentee.objects.select_for_update().filter(pk__in=[m.pk for m in mentees]).select_related("person"))
    if {m.person_id for m in locked} & {m.person_id for m in mentees}:
        raise ValidationError("Один и тот же работник не может быть в паре и наставником, и наставляемым.")
    if difficulties is None:
        links = Mentee.difficulties.through.objects.filter(mentee__in=mentees)
        difficulties = list(Difficulty.objects.filter(pk__in=links.values("difficulty")))
    wanted = {d.pk for d in difficulties}
    for mentor in locked:
        _check_mentor_places(mentor, adding=len(mentees), on=started_on)
    for mentee in mentees:
        _check_mentee(mentee, difficulties=wanted, on=started_on)
    mentorship = Mentorship.objects.create(
        organization=organization,
        pairing=pairing,
        kinds=sorted(kinds),
        started_on=started_on,
        planned_end_on=planned_end_on,
        created_by=by,
    )
    mentorship.difficulties.set(difficulties)
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
def mentorships_create_many(
    *,
    organization_of: dict[int, Organization],
    pairs: list[tuple[Mentor, Mentee]],
    pairing: str,
    kinds: list[str],
    started_on: date,
    planned_end_on: date,
    by: User,
) -> list[Mentorship]:
    """The approved proposal of matching: every pair as a draft, all of them or none. A refusal names
    the pair it is about. ``organization_of`` maps a mentee's id to the organization of the pair."""
    created = []
    for mentor, mentee in pairs:
        try:
            created.append(
                mentorship_create(
                    organization=organization_of[mentee.pk],
                    pairing=pairing,
                    kinds=kinds,
                    mentors=[mentor],
                    mentees=[mentee],
                    started_on=started_on,
                    planned_end_on=planned_end_on,
                    by=by,
                )
            )
        except ValidationError as error:
            raise ValidationError(
                f"Пара «{mentor.person.full_name} — {mentee.person.full_name}»: {' '.join(error.messages)}"
            ) from error
    return created


def _refresh_mentees(mentorship: Mentorship, *, done: bool) -> None:
    """After a pair ends: a mentee still in another open pair stays «в паре»; otherwise they finished
    (a completed pair) or wait for a mentor again (ended early)."""
    people = mentorship.participants.current().filter(role=ParticipantRole.MENTEE).values("person")
    still = Participant.objects.current().filter(mentorship__status__in=OPEN_STATUSES).values("person")
    ended = Mentee.objects.filter(person__in=people, status=MenteeStatus.PAIRED).exclude(person__in=still)
    ended.update(status=MenteeStatus.FINISHED if done else MenteeStatus.WAITING)


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
    if to == MentorshipStatus.APPROVED:
        if not (mentorship.order_number and mentorship.order_date):
            raise ValidationError("Для утверждения укажите номер и дату приказа.")
        unsigned = mentorship.participants.current().filter(duties_consent_on__isnull=True).select_related("person")
        names = ", ".join(p.person.full_name for p in unsigned)
        if names:
            raise ValidationError(
                "Для утверждения нужно письменное согласие на дополнительные обязанности (ст. 351.8 ТК РФ): "
                f"нет у {names}."
            )
    if to == MentorshipStatus.ENDED_EARLY and reason not in EndReason.values:
        raise ValidationError({"reason": "Укажите причину досрочного прекращения."})
    old = mentorship.status
    mentorship.status = to
    fields = ["status"]
    if to in (MentorshipStatus.COMPLETED, MentorshipStatus.ENDED_EARLY):
        mentorship.ended_on = on
        mentorship.end_reason = reason if to == MentorshipStatus.ENDED_EARLY else ""
        fields += ["ended_on", "end_reason"]
    mentorship.save(update_fields=fields)
    if to in (MentorshipStatus.COMPLETED, MentorshipStatus.ENDED_EARLY):
        _refresh_mentees(mentorship, done=to == MentorshipStatus.COMPLETED)
    MentorshipStatusChange.objects.create(mentorship=mentorship, old_status=old, new_status=to, by=by, note=note)
    return mentorship


@transaction.atomic
def mentorship_set_order(*, mentorship: Mentorship, number: str, on: date, by: User) -> Mentorship:
    """The order that fixes the pair (its number and date); the documents app will link the file."""
    if not number.strip():
        raise ValidationError({"order_number": "Укажите номер приказа."})
    if on < mentorship.created_at.date() - timedelta(days=366):
        raise ValidationError({"order_date": "Дата приказа раньше, чем за год до формирования пары."})
    mentorship.order_number = number.strip()
    mentorship.order_date = on
    mentorship.save(update_fields=["order_number", "order_date"])
    return mentorship


@transaction.atomic
def mentorships_set_order(*, mentorships: Iterable[Mentorship], number: str, on: date, by: User | None) -> int:
    """The one order that fixes many pairs at once: its number and date on each of them; how many."""
    if not number.strip():
        raise ValidationError({"order_number": "Укажите номер приказа."})
    pks = [mentorship.pk for mentorship in mentorships]
    return Mentorship.objects.filter(pk__in=pks).update(order_number=number.strip(), order_date=on)


@transaction.atomic
def participant_record_consent(*, participant: Participant, on: date | None, by: User) -> Participant:
    """The written consent of a participant to the additional duties (ТК РФ ст. 351.8), with its date."""
    if on is not None and on > timezone.localdate():
        raise ValidationError({"duties_consent_on": "Дата согласия не может быть в будущем."})
    participant.duties_consent_on = on
    participant.save(update_fields=["duties_consent_on"])
    return participant


# --- Requests: another mentor, resignation -------------------------------------------------------------


@transaction.atomic
def request_create(*, mentorship: Mentorship, person: Person, reason: str) -> MentorshipRequest:
    """A mentee asks for another mentor, a mentor asks to resign; the request waits for the curator."""
    participant = mentorship.participants.current().filter(person=person).first()
    if participant is None:
        raise ValidationError("Подать просьбу может только участник этой пары.")
    if mentorship.status not in OPEN_STATUSES:
        raise ValidationError("Пара уже закрыта: просьба не нужна.")
    if not reason.strip():
        raise ValidationError({"reason": "Напишите причину."})
    if mentorship.requests.filter(person=person, status=RequestStatus.PENDING).exists():
        raise ValidationError("Ваша просьба по этой паре уже ждёт решения куратора.")
    kind = RequestKind.RESIGN if participant.role == ParticipantRole.MENTOR else RequestKind.REPLACE_MENTOR
    return MentorshipRequest.objects.create(mentorship=mentorship, kind=kind, person=person, reason=reason.strip())


@transaction.atomic
def request_decide(
    *, request: MentorshipRequest, grant: bool, note: str, replacement: Mentor | None, by: User
) -> MentorshipRequest:
    """The curator's decision. Granted with a new mentor: the new mentor joins the same pair, the old
    one leaves it (both dated), so the program carries over. Granted without one: the pair ends early."""
    request = MentorshipRequest.objects.select_for_update().select_related("mentorship", "person").get(pk=request.pk)
    if request.status != RequestStatus.PENDING:
        raise ValidationError("По этой просьбе уже принято решение.")
    if not grant and not note.strip():
        raise ValidationError({"note": "Укажите причину отказа."})
    today = timezone.localdate()
    mentorship = request.mentorship
    if grant:
        leaving = _leaving_mentors(request)
        if replacement is not None:
            mentor_replace(mentorship=mentorship, leaving=leaving, replacement=replacement, by=by, on=today)
        else:
            reason = EndReason.MENTOR_REQUEST if request.kind == RequestKind.RESIGN else EndReason.MENTEE_REQUEST
            mentorship_transition(
                mentorship=mentorship, to=MentorshipStatus.ENDED_EARLY, by=by, on=today, reason=reason
            )
    request.status = RequestStatus.GRANTED if grant else RequestStatus.REFUSED
    request.decision_note = note.strip()
    request.replacement = replacement if grant else None
    request.decided_at = timezone.now()
    request.decided_by = by
    request.save(update_fields=["status", "decision_note", "replacement", "decided_at", "decided_by"])
    return request


def _leaving_mentors(request: MentorshipRequest) -> list[Participant]:
    mentors = request.mentorship.participants.current().filter(role=ParticipantRole.MENTOR)
    if request.kind == RequestKind.RESIGN:
        mentors = mentors.filter(person=request.person)
    return list(mentors.select_related("person"))


@transaction.atomic
def mentor_replace(
    *, mentorship: Mentorship, leaving: list[Participant], replacement: Mentor, by: User, on: date
) -> Participant:
    """Replace mentors of an open pair by another one; the history keeps who left and who came."""
    replacement = Mentor.objects.select_for_update().select_related("person").get(pk=replacement.pk)
    if mentorship.status not in OPEN_STATUSES:
        raise ValidationError("Заменить наставника можно только в действующей паре.")
    if any(p.person_id == replacement.person_id for p in leaving):
        raise ValidationError({"replacement": "Новый наставник совпадает с прежним."})
    if mentorship.participants.current().filter(person=replacement.person).exists():
        raise ValidationError({"replacement": f"{replacement.person.full_name} уже в этой паре."})
    mentees = mentorship.participants.current().filter(role=ParticipantRole.MENTEE).count()
    _check_mentor_places(replacement, adding=mentees, on=on)
    Participant.objects.filter(pk__in=[p.pk for p in leaving]).update(left_on=on)
    old = Participant.objects.filter(mentorship=mentorship, person=replacement.person).first()
    if old is not None:  # a mentor who once left this pair comes back
        old.left_on, old.joined_on, old.duties_consent_on = None, on, None
        old.save(update_fields=["left_on", "joined_on", "duties_consent_on"])
        joined = old
    else:
        joined = Participant.objects.create(
            mentorship=mentorship, person=replacement.person, role=ParticipantRole.MENTOR, joined_on=on
        )
    names = ", ".join(p.person.full_name for p in leaving) or "—"
    MentorshipStatusChange.objects.create(
        mentorship=mentorship,
        old_status=mentorship.status,
        new_status=mentorship.status,
        by=by,
        note=f"Смена наставника: {names} → {replacement.person.full_name}",
    )
    return joined


# --- The psychologist's compatibility notes --------------------------------------------------------------


@transaction.atomic
def compatibility_note_save(*, mentor: Mentor, mentee: Mentee, verdict: str, note: str, by: User) -> CompatibilityNote:
    """Record (or change) how a mentor and a mentee would work together; matching reads it."""
    if verdict not in Verdict.values:
        raise ValidationError({"verdict": "Выберите заключение о совместимости."})
    if mentor.person_id == mentee.person_id:
        raise ValidationError({"mentor": "Наставник и наставляемый — один и тот же работник."})
    if mentor.person.organization.municipality_id != mentee.person.organization.municipality_id:
        raise ValidationError({"mentor": "Наставник работает в другом муниципалитете."})
    saved, _ = CompatibilityNote.objects.update_or_create(
        mentor=mentor, mentee=mentee, defaults={"verdict": verdict, "note": note.strip(), "by": by}
    )
    return saved
