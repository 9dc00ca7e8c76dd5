"""Review of a school's documents by the coordinator (экспертиза, seed 000 §3.1–3.2, DESIGN §4.9):
the school submits, the coordinator approves or returns with remarks, the school resubmits; every
step is a ReviewStep with who and when. Also the uploads next to the registry: a new version of an
uploaded document and the signed scan."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from nastavnik.accounts.access import grants, visible
from nastavnik.accounts.models import Level, Role, User
from nastavnik.documents import services
from nastavnik.documents.models import (
    DEFAULT_REQUIRED_KINDS,
    Document,
    DocumentVersion,
    RequiredActs,
    ReviewAction,
    ReviewStatus,
    ReviewStep,
)
from nastavnik.orgs.models import Municipality


def may_review(user: User, document: Document) -> bool:
    """The coordinator of the document's municipality, or an administrator."""
    for grant in grants(user):
        if grant.role == Role.ADMIN:
            return True
        coordinator = grant.role == Role.COORDINATOR and grant.level == Level.MUNICIPALITY
        if coordinator and grant.scope_id == document.organization.municipality_id:
            return True
    return False


def _locked(document: Document) -> Document:
    return Document.objects.select_for_update().select_related("organization").get(pk=document.pk)


def _check_writer(document: Document, by: User) -> None:
    if not visible(Document.objects.filter(pk=document.pk), by, write=True).exists():
        raise ValidationError("Документ вне вашей области доступа.")


@transaction.atomic
def document_submit(*, document: Document, by: User) -> Document:
    """The school sends the document to the coordinator (first time or after a return)."""
    document = _locked(document)
    _check_writer(document, by)
    if document.review_status == ReviewStatus.SUBMITTED:
        raise ValidationError("Документ уже на экспертизе.")
    if document.review_status == ReviewStatus.APPROVED:
        raise ValidationError("Документ уже согласован; для новой экспертизы загрузите новую версию.")
    document.review_status = ReviewStatus.SUBMITTED
    document.save(update_fields=["review_status"])
    ReviewStep.objects.create(document=document, action=ReviewAction.SUBMIT, by=by)
    return document


def _check_reviewer(document: Document, by: User) -> None:
    if not may_review(by, document):
        raise ValidationError("Согласовать или вернуть документ может только муниципальный координатор.")
    if document.review_status != ReviewStatus.SUBMITTED:
        raise ValidationError("Документ не направлен на экспертизу.")


@transaction.atomic
def document_approve(*, document: Document, by: User) -> Document:
    document = _locked(document)
    _check_reviewer(document, by)
    document.review_status = ReviewStatus.APPROVED
    document.save(update_fields=["review_status"])
    ReviewStep.objects.create(document=document, action=ReviewAction.APPROVE, by=by)
    return document


@transaction.atomic
def document_return(*, document: Document, by: User, remarks: str) -> Document:
    """Back to the school for rework; the remarks are required."""
    remarks = remarks.strip()
    document = _locked(document)
    _check_reviewer(document, by)
    if not remarks:
        raise ValidationError({"remarks": "Укажите замечания: что нужно доработать."})
    document.review_status = ReviewStatus.RETURNED
    document.save(update_fields=["review_status"])
    ReviewStep.objects.create(document=document, action=ReviewAction.RETURN, remarks=remarks, by=by)
    return document


@transaction.atomic
def document_upload_version(*, document: Document, content: bytes, filename: str, by: User) -> DocumentVersion:
    """A new uploaded file of the document; not while it is on review; an approved document needs a
    new review of the new text."""
    document = _locked(document)
    _check_writer(document, by)
    if document.review_status == ReviewStatus.SUBMITTED:
        raise ValidationError("Документ на экспертизе: новую версию можно загрузить после решения координатора.")
    version = services.document_add_version(
        document=document, content=content, filename=filename, by=by, generated=False, source={}
    )
    if document.review_status == ReviewStatus.APPROVED:
        document.review_status = ReviewStatus.NONE
        document.save(update_fields=["review_status"])
    return version


@transaction.atomic
def document_attach_scan(*, document: Document, content: bytes, filename: str, by: User) -> DocumentVersion:
    """The signed scan next to the document's latest version (a new scan replaces the old one)."""
    document = _locked(document)
    _check_writer(document, by)
    version = document.versions.order_by("-number").first()
    if version is None:
        raise ValidationError("У документа нет файла, к которому можно приложить скан.")
    version.scan.save(filename, ContentFile(content), save=False)
    version.save(update_fields=["scan"])
    return version


def required_kinds(municipality: Municipality) -> list[str]:
    setting = RequiredActs.objects.filter(municipality=municipality).first()
    return list(setting.kinds) if setting is not None else list(DEFAULT_REQUIRED_KINDS)


@transaction.atomic
def required_acts_set(*, municipality: Municipality, kinds: list[str], by: User) -> RequiredActs:
    if not visible(Municipality.objects.filter(pk=municipality.pk), by, write=True).exists():
        raise ValidationError("Муниципалитет вне вашей области доступа.")
    setting, _ = RequiredActs.objects.select_for_update().get_or_create(municipality=municipality)
    setting.kinds = list(kinds)
    setting.save(update_fields=["kinds"])
    return setting
