"""Workflows of the document registry: numbers, registration of a document with its file."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from nastavnik.accounts.models import User
from nastavnik.documents.models import Document, DocumentVersion, Numbering
from nastavnik.orgs.models import Organization


@transaction.atomic
def number_next(*, organization: Organization) -> str:
    """The organization's next order number; the numbering row is locked, so two orders made at the
    same time never get the same number."""
    numbering, _ = Numbering.objects.get_or_create(organization=organization)
    numbering = Numbering.objects.select_for_update().get(pk=numbering.pk)
    number = f"{numbering.prefix}{numbering.next_number}{numbering.suffix}"
    numbering.next_number += 1
    numbering.save(update_fields=["next_number"])
    return number


@transaction.atomic
def document_add_version(
    *, document: Document, content: bytes, filename: str, by: User | None, generated: bool, source: dict[str, Any]
) -> DocumentVersion:
    """A new version of the document's file (regenerated from changed data, or uploaded)."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    last = document.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = DocumentVersion(document=document, number=last + 1, generated=generated, source=source, by=by)
    version.file.save(filename, ContentFile(content), save=False)
    version.save()
    return version


@transaction.atomic
def document_register(
    *,
    organization: Organization,
    kind: str,
    title: str,
    on: date,
    content: bytes,
    filename: str,
    by: User | None,
    generated: bool,
    source: dict[str, Any] | None = None,
    number: str | None = None,
    signatory: str = "",
    is_public: bool = False,
) -> Document:
    """A document in the registry with its first version. ``number=None`` takes the organization's next
    number (for orders); "" registers it without one."""
    if number is None:
        number = number_next(organization=organization)
    document = Document.objects.create(
        organization=organization,
        kind=kind,
        title=title,
        number=number,
        date=on,
        signatory=signatory,
        is_public=is_public,
        created_by=by,
    )
    document_add_version(
        document=document, content=content, filename=filename, by=by, generated=generated, source=source or {}
    )
    return document
