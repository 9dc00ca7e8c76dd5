"""Generate a document from the data and keep it in the registry: orders take the organization's next
number; the pairing order writes its number and date on the pairs; regenerating makes a new version."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from nastavnik.accounts.models import User
from nastavnik.documents import services as registry
from nastavnik.documents.generation import contexts
from nastavnik.documents.generation.render import render
from nastavnik.documents.models import ORDER_KINDS, Document, DocumentKind, DocumentVersion
from nastavnik.mentoring.models import Mentor, Mentorship, MentorshipStatus
from nastavnik.mentoring.services import mentorships_set_order
from nastavnik.orgs.models import Organization
from nastavnik.people.models import ConsentKind, Person
from nastavnik.programs.models import AGREED_STATUSES, Program, ProgramStatus

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CONSENT_KINDS: dict[str, str] = {
    DocumentKind.CONSENT_PROCESSING: ConsentKind.PROCESSING,
    DocumentKind.CONSENT_PUBLICATION: ConsentKind.PUBLICATION,
}


@dataclass(frozen=True)
class Source:
    """What a generated document was made from: kept with each version, so it can be made again."""

    kind: str
    organization: int
    ids: tuple[int, ...]

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "organization": self.organization, "ids": list(self.ids)}


def build_context(kind: str, organization: Organization, ids: list[int], *, number: str, on: date) -> Any:
    if kind == DocumentKind.ORDER_PAIRS:
        pairs = contexts.pairs_with_participants(ids)
        return contexts.PairsOrderContext.from_mentorships(pairs, organization=organization, number=number, on=on)
    if kind == DocumentKind.ORDER_MODEL:
        return contexts.model_order(organization, number=number, on=on)
    if kind == DocumentKind.ORDER_CURATOR:
        curator = Person.objects.filter(pk__in=ids).first() if ids else contexts.curator_of(organization)
        return contexts.curator_order(organization, curator, number=number, on=on)
    if kind == DocumentKind.ORDER_PROGRAMS:
        return contexts.programs_order(organization, contexts.programs_with_participants(ids), number=number, on=on)
    if kind == DocumentKind.ORDER_COMPLETION:
        programs = contexts.programs_with_participants(ids)
        return contexts.completion_order(organization, programs, number=number, on=on)
    if kind == DocumentKind.PROGRAM:
        return contexts.ProgramContext.from_program(Program.objects.select_related(*PROGRAM_RELATED).get(pk=ids[0]))
    if kind == DocumentKind.CERTIFICATE:
        mentor = Mentor.objects.select_related("person__organization__municipality").get(pk=ids[0])
        return contexts.CertificateContext.from_mentor(mentor, on=on)
    raise ValueError(f"not a generated kind: {kind}")


PROGRAM_RELATED = (
    "mentorship__organization__municipality",
    "submitted_by__person",
    "agreed_by__person",
    "acknowledged_by__person",
)


def default_ids(kind: str, organization: Organization) -> list[int]:
    """What an order of the organization covers when nobody chose: the draft pairs without an order,
    the agreed programs, the completed programs."""
    if kind == DocumentKind.ORDER_PAIRS:
        pairs = Mentorship.objects.filter(organization=organization, status=MentorshipStatus.DRAFT, order_number="")
        return list(pairs.values_list("pk", flat=True))
    programs = Program.objects.filter(mentorship__organization=organization)
    if kind == DocumentKind.ORDER_PROGRAMS:
        return list(programs.filter(status__in=AGREED_STATUSES).values_list("pk", flat=True))
    if kind == DocumentKind.ORDER_COMPLETION:
        return list(programs.filter(status=ProgramStatus.COMPLETED).values_list("pk", flat=True))
    return []


def make_docx(kind: str, organization: Organization, ids: list[int], *, number: str, on: date) -> bytes:
    """The DOCX of any generated kind (not registered): on the municipality's template when it has one."""
    if kind in CONSENT_KINDS:
        from nastavnik.people.consent_docx import ConsentContext, make_consent_docx

        person = Person.objects.select_related("organization").get(pk=ids[0])
        return make_consent_docx(ConsentContext.from_person(person, kind=CONSENT_KINDS[kind], today=on))
    context = build_context(kind, organization, ids, number=number, on=on)
    return render(kind, context, organization.municipality)


def _filename(kind: str, number: str, on: date) -> str:
    suffix = f"-{number}" if number else ""
    return f"{kind}{suffix}-{on:%Y%m%d}.docx".replace("/", "-").replace(" ", "")


@transaction.atomic
def document_generate(
    *, kind: str, organization: Organization, ids: list[int], on: date, by: User | None, title: str = ""
) -> Document:
    """A generated document in the registry; an order takes the organization's next number."""
    number = registry.number_next(organization=organization) if kind in ORDER_KINDS else ""
    content = make_docx(kind, organization, ids, number=number, on=on)
    return registry.document_register(
        organization=organization,
        kind=kind,
        title=title or str(DocumentKind(kind).label).capitalize(),
        on=on,
        content=content,
        filename=_filename(kind, number, on),
        by=by,
        generated=True,
        source=Source(kind, organization.pk, tuple(ids)).as_json(),
        number=number,
        signatory=organization.head_name if kind in ORDER_KINDS else "",
    )


@transaction.atomic
def pairs_order_generate(*, mentorships: list[Mentorship], on: date, by: User | None) -> Document:
    """Приказ о закреплении наставнических пар (групп) for the chosen draft pairs of one organization:
    numbered, registered, and its number and date written on the pairs."""
    pairs = contexts.pairs_with_participants([m.pk for m in mentorships])
    if not pairs:
        raise ValidationError("Отметьте пары, которые закрепляет приказ.")
    organization = pairs[0].organization
    if any(pair.organization_id != organization.pk for pair in pairs):
        raise ValidationError("Один приказ закрепляет пары одной организации: отметьте пары одной школы.")
    if any(pair.status != MentorshipStatus.DRAFT for pair in pairs):
        raise ValidationError("Приказом закрепляются только пары в статусе «черновик».")
    missing = contexts.missing_consents(pairs)
    if missing:
        raise ValidationError(
            "Нет письменного согласия на дополнительные обязанности (ст. 351.8 ТК РФ): "
            f"{', '.join(missing)}. Отметьте дату согласия на странице пары."
        )
    number = registry.number_next(organization=organization)
    context = contexts.PairsOrderContext.from_mentorships(pairs, organization=organization, number=number, on=on)
    document = registry.document_register(
        organization=organization,
        kind=DocumentKind.ORDER_PAIRS,
        title="Приказ о закреплении наставнических пар (групп)",
        on=on,
        content=render(DocumentKind.ORDER_PAIRS, context, organization.municipality),
        filename=_filename(DocumentKind.ORDER_PAIRS, number, on),
        by=by,
        generated=True,
        source=Source(DocumentKind.ORDER_PAIRS, organization.pk, tuple(p.pk for p in pairs)).as_json(),
        number=number,
        signatory=organization.head_name,
    )
    mentorships_set_order(mentorships=pairs, number=number, on=on, by=by)
    return document


@transaction.atomic
def document_regenerate(*, document: Document, by: User | None) -> DocumentVersion:
    """A new version of a generated document from the data as it is now, with the same number and date."""
    last = document.versions.filter(generated=True).order_by("-number").first()
    if last is None or "kind" not in last.source:
        raise ValidationError("Документ загружен, а не сформирован системой: сформировать заново нельзя.")
    source = last.source
    content = make_docx(
        source["kind"], document.organization, list(source["ids"]), number=document.number, on=document.date
    )
    return registry.document_add_version(
        document=document,
        content=content,
        filename=_filename(source["kind"], document.number, document.date),
        by=by,
        generated=True,
        source=source,
    )
