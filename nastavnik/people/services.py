"""Workflows of the registry: people, their moves, deletion and consents."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from nastavnik.accounts.audit import audit
from nastavnik.accounts.models import AuditKind, User
from nastavnik.orgs.models import Organization
from nastavnik.people.consent_text import CURRENT_VERSION
from nastavnik.people.models import Consent, ConsentKind, Employment, Person, Subject
from nastavnik.people.signals import left_banks


def subjects_from_text(text: str) -> list[Subject]:
    """«Математика, физика; информатика» → Subjects, created when new (case and ё ignored)."""
    from nastavnik.lib.text import normalize

    result: list[Subject] = []
    for raw in text.replace(";", ",").split(","):
        name = " ".join(raw.split())
        if not name:
            continue
        subject = Subject.objects.filter(search_key=normalize(name)).first()
        if subject is None:
            subject = Subject.objects.create(name=name[0].upper() + name[1:])
        if subject not in result:
            result.append(subject)
    return result


@transaction.atomic
def person_create(*, fields: dict[str, Any], subjects: list[Subject] | None = None, by: User | None) -> Person:
    person = Person(**fields)
    person._history_user = by  # type: ignore[attr-defined]
    person.save()
    if subjects:
        person.subjects.set(subjects)
    Employment.objects.create(
        person=person,
        organization=person.organization,
        position=person.position,
        started_on=timezone.localdate(),
    )
    return person


@transaction.atomic
def person_update(*, person: Person, fields: dict[str, Any], subjects: list[Subject] | None = None, by: User) -> Person:
    moved_to: Organization | None = None
    if "organization" in fields and fields["organization"].pk != person.organization_id:
        moved_to = fields.pop("organization")
    for name, value in fields.items():
        setattr(person, name, value)
    person._history_user = by  # type: ignore[attr-defined]
    person.save()
    if subjects is not None:
        person.subjects.set(subjects)
    if moved_to is not None:
        person_move(person=person, organization=moved_to, on=timezone.localdate(), by=by)
    return person


@transaction.atomic
def person_move(*, person: Person, organization: Organization, on: date, by: User, position: str = "") -> Person:
    """A person goes to work in another organization: the old place closes, a new one opens."""
    Employment.objects.filter(person=person, ended_on__isnull=True).update(ended_on=on)
    Employment.objects.create(
        person=person, organization=organization, position=position or person.position, started_on=on
    )
    person.organization = organization
    if position:
        person.position = position
    person._history_user = by  # type: ignore[attr-defined]
    person.save(update_fields=["organization", "position", "updated_at"])
    return person


@transaction.atomic
def person_delete(*, person: Person, by: User, request: HttpRequest | None = None) -> None:
    """Soft deletion: the record stays for history and audit, it leaves every list and bank."""
    person.deleted_at = timezone.now()
    person.deleted_by = by
    person._history_user = by  # type: ignore[attr-defined]
    person.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
    Employment.objects.filter(person=person, ended_on__isnull=True).update(ended_on=timezone.localdate())
    left_banks.send(sender=Person, person=person, on=timezone.localdate(), by=by, reason="работник удалён из реестра")
    audit(request, AuditKind.PERSON_DELETED, details=person.full_name, organization=person.organization, user=by)


@transaction.atomic
def consent_record(
    *,
    person: Person,
    kind: str,
    given_on: date,
    method: str,
    by: User,
    representative: str = "",
    scan: UploadedFile | None = None,
    request: HttpRequest | None = None,
) -> Consent:
    consent = Consent(
        person=person,
        kind=kind,
        given_on=given_on,
        method=method,
        representative=representative,
        text_version=CURRENT_VERSION,
        recorded_by=by,
    )
    if scan is not None:
        consent.scan = scan
    consent._history_user = by  # type: ignore[attr-defined]
    consent.full_clean()
    consent.save()
    audit(
        request,
        AuditKind.CONSENT_GIVEN,
        details=f"{person.full_name}: {consent.get_kind_display()} от {given_on:%d.%m.%Y}",
        organization=person.organization,
        user=by,
    )
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, on: date, note: str, by: User, request: HttpRequest | None = None) -> Consent:
    """Withdrawal; a withdrawn processing consent takes the person out of the banks."""
    consent.withdrawn_on = on
    consent.withdrawal_note = note
    consent._history_user = by  # type: ignore[attr-defined]
    consent.save(update_fields=["withdrawn_on", "withdrawal_note"])
    person = consent.person
    audit(
        request,
        AuditKind.CONSENT_WITHDRAWN,
        details=f"{person.full_name}: {consent.get_kind_display()} отозвано {on:%d.%m.%Y}",
        organization=person.organization,
        user=by,
    )
    if consent.kind == ConsentKind.PROCESSING and not has_valid_consent(person, on=on):
        left_banks.send(sender=Person, person=person, on=on, by=by, reason="отозвано согласие на обработку")
    return consent


def has_valid_consent(person: Person, *, on: date, kind: str = ConsentKind.PROCESSING) -> bool:
    return Consent.objects.valid(on).filter(person=person, kind=kind).exists()
