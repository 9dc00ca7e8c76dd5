from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone

from nastavnik.accounts.access import visible
from nastavnik.accounts.forms import BootstrapMixin
from nastavnik.accounts.models import User
from nastavnik.mentoring.models import (
    Difficulty,
    EndReason,
    Mentee,
    MenteeStatus,
    Mentor,
    MentorshipKind,
    Pairing,
    Verdict,
)
from nastavnik.orgs.models import Municipality
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


# --- Pairs and groups -----------------------------------------------------------------------------------


class MentorshipFieldsForm(BootstrapMixin, forms.Form):
    """What a pair (or every pair of an approved proposal) is: its form, kinds and dates."""

    pairing = forms.ChoiceField(label="Форма наставничества", choices=Pairing.choices, initial=Pairing.TEACHER_TEACHER)
    kinds = forms.MultipleChoiceField(
        label="Виды наставничества",
        choices=MentorshipKind.choices,
        initial=[MentorshipKind.TRADITIONAL],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Отметьте хотя бы один вид наставничества."},
    )
    started_on = forms.DateField(label="Дата начала", widget=DATE_WIDGET)
    planned_end_on = forms.DateField(label="Плановая дата окончания", widget=DATE_WIDGET)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["started_on"].initial = today
        self.fields["planned_end_on"].initial = today + timedelta(days=270)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("started_on"), data.get("planned_end_on")
        if start and end and end < start:
            self.add_error("planned_end_on", "Плановая дата окончания раньше даты начала.")
        elif start and end and (end - start).days > 3 * 366:
            self.add_error("planned_end_on", "Пара формируется не более чем на три года.")
        return data


def _person_label(profile: Mentor | Mentee) -> str:
    return f"{profile.person.full_name} ({profile.person.organization.short_name})"


class MentorshipForm(MentorshipFieldsForm):
    """A pair or a group formed by hand: mentors in the bank, mentees waiting or in other pairs."""

    mentors = forms.ModelMultipleChoiceField(label="Наставники", queryset=Mentor.objects.none())
    mentees = forms.ModelMultipleChoiceField(label="Наставляемые", queryset=Mentee.objects.none())
    difficulties = forms.ModelMultipleChoiceField(
        label="Затруднения, над которыми работает пара",
        queryset=Difficulty.objects.all(),
        required=False,
        help_text="Пусто — затруднения наставляемых из их профилей.",
    )

    field_order = ["mentors", "mentees", "pairing", "kinds", "started_on", "planned_end_on", "difficulties"]

    def __init__(self, *args: Any, user: User, network: bool, **kwargs: Any) -> None:
        """``network``: the user may pair mentors of other organizations (a coordinator)."""
        super().__init__(*args, **kwargs)
        mentors = visible(Mentor.objects.in_bank(), user).select_related("person__organization")
        if network:
            mentors = visible(Mentor.objects.in_bank(), user) | Mentor.objects.in_bank().filter(
                network_ready=True, person__organization__municipality__in=self._municipalities(user)
            )
            mentors = mentors.select_related("person__organization")
        mentees = visible(
            Mentee.objects.filter(status__in=[MenteeStatus.WAITING, MenteeStatus.PAIRED]), user, write=True
        )
        self.fields["mentors"].queryset = mentors.filter(person__deleted_at__isnull=True)
        self.fields["mentees"].queryset = mentees.select_related("person__organization").filter(
            person__deleted_at__isnull=True
        )
        for name in ("mentors", "mentees"):
            self.fields[name].label_from_instance = _person_label
            self.fields[name].widget.attrs["size"] = 8
        self.fields["difficulties"].widget.attrs["size"] = 6

    @staticmethod
    def _municipalities(user: User) -> Any:
        return visible(Municipality.objects.all(), user)


class OrderForm(BootstrapMixin, forms.Form):
    order_number = forms.CharField(label="Номер приказа", max_length=50)
    order_date = forms.DateField(label="Дата приказа", widget=DATE_WIDGET)


class DutiesConsentForm(BootstrapMixin, forms.Form):
    duties_consent_on = forms.DateField(label="Дата письменного согласия", widget=DATE_WIDGET)


class EndEarlyForm(BootstrapMixin, forms.Form):
    reason = forms.ChoiceField(label="Причина", choices=[("", "— выберите —"), *EndReason.choices])
    note = forms.CharField(label="Примечание", max_length=500, required=False)


class RequestForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label="Причина",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Напишите причину."},
    )


class RequestDecisionForm(BootstrapMixin, forms.Form):
    grant = forms.TypedChoiceField(
        label="Решение",
        choices=[("1", "удовлетворить"), ("0", "отказать")],
        coerce=lambda value: value == "1",
    )
    replacement = forms.ModelChoiceField(
        label="Новый наставник",
        queryset=Mentor.objects.none(),
        required=False,
        help_text="Пусто — пара прекращается досрочно.",
    )
    note = forms.CharField(label="Обоснование (обязательно при отказе)", max_length=1000, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mentors = visible(Mentor.objects.in_bank(), user).select_related("person__organization")
        self.fields["replacement"].queryset = mentors.filter(person__deleted_at__isnull=True)
        self.fields["replacement"].label_from_instance = _person_label


class CompatibilityNoteForm(BootstrapMixin, forms.Form):
    mentor = forms.ModelChoiceField(label="Наставник", queryset=Mentor.objects.none())
    verdict = forms.ChoiceField(label="Совместимость", choices=[("", "— выберите —"), *Verdict.choices])
    note = forms.CharField(
        label="Заключение", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, user: User, mentee: Mentee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipality = mentee.person.organization.municipality_id
        mentors = visible(Mentor.objects.in_bank(), user) | Mentor.objects.in_bank().filter(
            network_ready=True, person__organization__municipality=municipality
        )
        mentors = mentors.filter(person__deleted_at__isnull=True).exclude(person=mentee.person)
        self.fields["mentor"].queryset = mentors.select_related("person__organization")
        self.fields["mentor"].label_from_instance = _person_label
