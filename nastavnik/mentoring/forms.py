from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from nastavnik.accounts.access import visible
from nastavnik.accounts.forms import BootstrapMixin
from nastavnik.accounts.models import User
from nastavnik.mentoring.models import Difficulty, Mentee, Mentor
from nastavnik.people.forms import DATE_WIDGET
from nastavnik.people.models import Person, Subject


class PersonChoiceMixin(forms.Form):
    """The person to put into a bank: only people the user may change."""

    person = forms.ModelChoiceField(label="Работник", queryset=Person.objects.none())
    fields: dict[str, Any]

    def limit_people(self, user: User) -> None:
        field = self.fields["person"]
        field.queryset = visible(Person.objects.alive().select_related("organization"), user, write=True)
        field.label_from_instance = lambda p: f"{p.full_name} ({p.organization.short_name})"


class MentorForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Mentor
        fields = ["competencies", "subjects", "achievements", "training", "capacity", "status", "network_ready"]
        widgets = {"achievements": forms.Textarea(attrs={"rows": 3}), "training": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competencies"].queryset = Difficulty.objects.all()
        self.fields["competencies"].widget.attrs["size"] = 10
        self.fields["subjects"].queryset = Subject.objects.all()
        self.fields["subjects"].widget.attrs["size"] = 8
        self.fields["capacity"].min_value = 1
        self.fields["capacity"].max_value = 10
        self.fields["capacity"].required = False
        self.fields["capacity"].help_text = "Пусто — по умолчанию муниципалитета (обычно 2)."

    def clean_capacity(self) -> int | None:
        capacity: int | None = self.cleaned_data.get("capacity")
        if capacity is not None and not 1 <= capacity <= 10:
            raise forms.ValidationError("Укажите от 1 до 10 наставляемых.")
        return capacity


class MentorCreateForm(PersonChoiceMixin, MentorForm):
    class Meta(MentorForm.Meta):
        fields = ["person", *MentorForm.Meta.fields]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_people(user)


class MenteeForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Mentee
        fields = ["category", "request", "difficulties", "requested_on", "status"]
        widgets = {"request": forms.Textarea(attrs={"rows": 3}), "requested_on": DATE_WIDGET}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["difficulties"].queryset = Difficulty.objects.all()
        self.fields["difficulties"].widget.attrs["size"] = 10
        self.fields["requested_on"].initial = timezone.localdate()

    def clean_requested_on(self) -> date:
        requested: date = self.cleaned_data["requested_on"]
        if requested > timezone.localdate():
            raise forms.ValidationError("Дата запроса не может быть в будущем.")
        return requested


class MenteeCreateForm(PersonChoiceMixin, MenteeForm):
    class Meta(MenteeForm.Meta):
        fields = ["person", *MenteeForm.Meta.fields]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_people(user)


class DecisionForm(BootstrapMixin, forms.Form):
    admit = forms.TypedChoiceField(
        label="Решение",
        choices=[("1", "включить в муниципальный банк"), ("0", "отказать")],
        coerce=lambda value: value == "1",
    )
    reason = forms.CharField(label="Обоснование (обязательно при отказе)", max_length=1000, required=False)
