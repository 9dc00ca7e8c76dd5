from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone

from nastavnik.accounts.access import MANAGER_ROLES, has_role, managed_users, visible
from nastavnik.accounts.forms import BootstrapMixin
from nastavnik.accounts.models import User
from nastavnik.lib.dates import full_years
from nastavnik.lib.text import NAME_RULE, is_valid_name
from nastavnik.orgs.models import Organization
from nastavnik.people.models import Consent, ConsentKind, Person, Subject

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SCAN_TYPES = {b"%PDF": "PDF", b"\x89PNG": "PNG", b"\xff\xd8\xff": "JPEG"}


def validate_scan(upload: Any) -> None:
    if upload.size > settings.UPLOAD_MAX_BYTES:
        limit = settings.UPLOAD_MAX_BYTES // (1024 * 1024)
        raise forms.ValidationError(f"Файл больше {limit} МБ.")
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in SCAN_TYPES):
        raise forms.ValidationError("Загрузите скан в формате PDF, PNG или JPEG.")


class PersonForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "last_name",
            "first_name",
            "middle_name",
            "gender",
            "birth_date",
            "kind",
            "organization",
            "position",
            "subjects",
            "qualification",
            "experience_start",
            "education",
            "email",
            "phone",
            "user",
        ]
        widgets = {"birth_date": DATE_WIDGET, "experience_start": DATE_WIDGET}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = visible(Organization.objects.all(), user, write=True)
        self.fields["subjects"].queryset = Subject.objects.all()
        self.fields["subjects"].widget.attrs["size"] = 8
        self.fields["subjects"].help_text = "Несколько предметов — с клавишей Ctrl."
        # The account of a mentor or mentee, so they see their own records: linked by who manages users.
        accounts = managed_users(user)
        if self.instance.user_id:
            accounts = accounts | User.objects.filter(pk=self.instance.user_id)
        if has_role(user, *MANAGER_ROLES):
            self.fields["user"].queryset = accounts.distinct()
            self.fields["user"].help_text = "Учётная запись, под которой работник входит в систему."
        else:
            del self.fields["user"]

    def _clean_name(self, name: str) -> str:
        value = " ".join(str(self.cleaned_data.get(name) or "").split())
        if value and not is_valid_name(value):
            raise forms.ValidationError(f"Поле {NAME_RULE}.")
        return value

    def clean_last_name(self) -> str:
        return self._clean_name("last_name")

    def clean_first_name(self) -> str:
        return self._clean_name("first_name")

    def clean_middle_name(self) -> str:
        return self._clean_name("middle_name")

    def clean_birth_date(self) -> date | None:
        born: date | None = self.cleaned_data.get("birth_date")
        today = timezone.localdate()
        if born is None:
            return None
        if born > today:
            raise forms.ValidationError("Дата рождения не может быть в будущем.")
        if not 14 <= full_years(born, today) <= 100:
            raise forms.ValidationError("Проверьте дату рождения: возраст должен быть от 14 до 100 лет.")
        return born

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start: date | None = data.get("experience_start")
        born: date | None = data.get("birth_date")
        if start and start > timezone.localdate():
            self.add_error("experience_start", "Начало стажа не может быть в будущем.")
        elif start and born and full_years(born, start) < 14:
            self.add_error("experience_start", "Начало стажа раньше 14-летия работника: проверьте даты.")
        return data


class ConsentForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["kind", "given_on", "method", "representative", "scan"]
        widgets = {"given_on": DATE_WIDGET}

    def clean_given_on(self) -> date:
        given: date = self.cleaned_data["given_on"]
        if given > timezone.localdate():
            raise forms.ValidationError("Дата согласия не может быть в будущем.")
        return given

    def clean_scan(self) -> Any:
        scan = self.cleaned_data.get("scan")
        if scan:
            validate_scan(scan)
        return scan


class ConsentWithdrawForm(BootstrapMixin, forms.Form):
    withdrawn_on = forms.DateField(label="Дата отзыва", widget=DATE_WIDGET)
    note = forms.CharField(label="Основание (например, заявление от …)", max_length=500, required=False)

    def __init__(self, *args: Any, consent: Consent, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.consent = consent
        self.fields["withdrawn_on"].initial = timezone.localdate()

    def clean_withdrawn_on(self) -> date:
        on: date = self.cleaned_data["withdrawn_on"]
        if on > timezone.localdate():
            raise forms.ValidationError("Дата отзыва не может быть в будущем.")
        if on < self.consent.given_on:
            raise forms.ValidationError("Дата отзыва не может быть раньше даты согласия.")
        return on


class ConsentPrintForm(forms.Form):
    kind = forms.ChoiceField(choices=ConsentKind.choices)
