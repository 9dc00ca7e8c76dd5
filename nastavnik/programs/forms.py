from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q

from nastavnik.accounts.forms import BootstrapMixin
from nastavnik.mentoring.models import Difficulty, Mentorship
from nastavnik.programs.models import Activity, Program, ProgramTemplate
from nastavnik.programs.services import goal_choices

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def templates_for(mentorship: Mentorship) -> Any:
    """The shipped templates and those of the pair's municipality, the default first."""
    municipality = mentorship.organization.municipality_id
    return ProgramTemplate.objects.filter(Q(municipality__isnull=True) | Q(municipality=municipality)).order_by(
        "-is_default", "municipality", "name"
    )


class ProgramCreateForm(BootstrapMixin, forms.Form):
    template = forms.ModelChoiceField(queryset=ProgramTemplate.objects.none(), label="Шаблон", empty_label=None)
    starts_on = forms.DateField(label="Начало реализации", widget=DATE_WIDGET)
    ends_on = forms.DateField(
        label="Окончание реализации", widget=DATE_WIDGET, help_text="Период реализации — от 3 месяцев до 1 года."
    )

    def __init__(self, *args: Any, mentorship: Mentorship, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        templates = templates_for(mentorship)
        self.fields["template"].queryset = templates  # type: ignore[attr-defined]
        # The municipality's own default wins over the shipped one.
        own = next((t for t in templates if t.is_default and t.municipality_id), None)
        self.fields["template"].initial = own or next((t for t in templates if t.is_default), None)


class ProgramForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Program
        fields = [
            "basis",
            "relevance",
            "goal",
            "difficulties",
            "tasks",
            "starts_on",
            "ends_on",
            "interaction",
            "interim_results",
            "planned_results",
            "schedule",
            "mode",
            "conditions",
        ]
        widgets = {
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            **{name: forms.Textarea(attrs={"rows": 3}) for name in ("basis", "relevance", "goal", "tasks")},
            **{name: forms.Textarea(attrs={"rows": 2}) for name in ("interim_results", "planned_results")},
            **{name: forms.Textarea(attrs={"rows": 2}) for name in ("schedule", "conditions")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["difficulties"].queryset = goal_choices(self.instance.mentorship)  # type: ignore[attr-defined]
        self.fields["difficulties"].help_text = "Из затруднений наставляемого. Несколько — с клавишей Ctrl."

    def _post_clean(self) -> None:
        """The service checks the rules (the period, versions); the form only parses the fields."""


class ActivityForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["block", "content", "deadline", "planned_result", "format", "difficulty"]
        widgets = {
            "deadline": DATE_WIDGET,
            "content": forms.Textarea(attrs={"rows": 3}),
            "planned_result": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["block"] = forms.ChoiceField(
            label="Блок", choices=[(b["code"], f"{b['code']}. {b['title']}") for b in program.blocks]
        )
        self.fields["block"].widget.attrs["class"] = "form-select"
        self.fields["difficulty"].queryset = program.difficulties.all()  # type: ignore[attr-defined]

    def _post_clean(self) -> None:
        """The service checks the rules."""


class MarkForm(BootstrapMixin, forms.Form):
    done = forms.TypedChoiceField(
        label="Выполнение",
        choices=[("1", "выполнено"), ("0", "не выполнено")],
        coerce=lambda value: value == "1",
    )
    done_on = forms.DateField(label="Дата выполнения", widget=DATE_WIDGET, required=False)
    actual_result = forms.CharField(
        label="Фактический результат (или почему не выполнено)", widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence_note = forms.CharField(label="Подтверждение", max_length=1000, required=False)
    evidence_file = forms.FileField(label="Файл", required=False)
    evidence_link = forms.URLField(label="Ссылка", max_length=500, required=False, assume_scheme="https")


class CompleteForm(BootstrapMixin, forms.Form):
    outcome = forms.CharField(label="Итоги программы", widget=forms.Textarea(attrs={"rows": 3}))
    overcome = forms.ModelMultipleChoiceField(
        label="Преодолённые затруднения", queryset=Difficulty.objects.none(), required=False
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["overcome"].queryset = program.difficulties.all()  # type: ignore[attr-defined]


class TemplateForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = ProgramTemplate
        fields = ["name", "is_default", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class SectionForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label="Номер", max_length=10, widget=forms.TextInput(attrs={"aria-label": "Номер"}))
    title = forms.CharField(
        label="Название блока", max_length=500, widget=forms.TextInput(attrs={"aria-label": "Название блока"})
    )
    parent = forms.CharField(
        label="Входит в блок",
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"aria-label": "Входит в блок"}),
    )
    activities = forms.CharField(
        label="Мероприятия (по одному в строке)",
        widget=forms.Textarea(attrs={"rows": 2, "aria-label": "Мероприятия"}),
        required=False,
    )


SectionFormSet = forms.formset_factory(SectionForm, extra=2, can_delete=True)
