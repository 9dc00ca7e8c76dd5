"""Forms of the document registry: an uploaded local act, its new version, the signed scan, review
remarks and the municipality's list of required local acts."""

from __future__ import annotations

import zipfile
from typing import Any

from django import forms
from django.db.models import QuerySet

from nastavnik.accounts.forms import BootstrapMixin
from nastavnik.documents.models import Document, DocumentKind
from nastavnik.orgs.models import Organization
from nastavnik.people.forms import DATE_WIDGET, validate_scan

DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
DOCX_MAX_UNPACKED = 100 * 1024 * 1024


def validate_document_file(upload: Any) -> None:
    """A DOCX or PDF, told by its content (not its name), at most 20 MB, a DOCX unpacking to at most 100 MB."""
    if upload.size > DOCUMENT_MAX_BYTES:
        raise forms.ValidationError(f"Файл больше {DOCUMENT_MAX_BYTES // (1024 * 1024)} МБ.")
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF"):
        return
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
                unpacked = sum(info.file_size for info in archive.infolist())
        except zipfile.BadZipFile:
            names, unpacked = [], 0
        finally:
            upload.seek(0)
        if "word/document.xml" in names:
            if unpacked > DOCX_MAX_UNPACKED:
                raise forms.ValidationError("Документ DOCX слишком велик в распакованном виде.")
            return
    raise forms.ValidationError("Загрузите документ в формате DOCX или PDF.")


class DocumentUploadForm(BootstrapMixin, forms.Form):
    organization = forms.ModelChoiceField(label="Организация", queryset=Organization.objects.none())
    kind = forms.ChoiceField(label="Вид документа", choices=DocumentKind.choices)
    title = forms.CharField(label="Название", max_length=500)
    number = forms.CharField(label="Номер", max_length=50, required=False, help_text="Если у документа есть номер.")
    date = forms.DateField(label="Дата", widget=DATE_WIDGET)
    is_public = forms.BooleanField(label="Публиковать на странице «Наставничество»", required=False)
    file = forms.FileField(label="Файл (DOCX или PDF, до 20 МБ)")

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]
        if len(organizations) == 1:
            self.fields["organization"].initial = organizations[0].pk

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        validate_document_file(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        number = data.get("number", "").strip()
        organization = data.get("organization")
        if number and organization and Document.objects.filter(organization=organization, number=number).exists():
            self.add_error("number", "Документ с таким номером уже есть в реестре организации.")
        return data


class VersionUploadForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label="Новая версия (DOCX или PDF, до 20 МБ)")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        validate_document_file(upload)
        return upload


class ScanUploadForm(BootstrapMixin, forms.Form):
    scan = forms.FileField(label="Подписанный скан (PDF, PNG или JPEG)")

    def clean_scan(self) -> Any:
        upload = self.cleaned_data["scan"]
        validate_scan(upload)
        return upload


class ReturnForm(BootstrapMixin, forms.Form):
    remarks = forms.CharField(
        label="Замечания", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False
    )


class RequiredActsForm(BootstrapMixin, forms.Form):
    kinds = forms.MultipleChoiceField(
        label="Обязательные локальные акты каждой организации",
        choices=DocumentKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
