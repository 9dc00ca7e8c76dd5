from __future__ import annotations

from typing import Any

from django import forms

from nastavnik.accounts.access import visible
from nastavnik.accounts.forms import BootstrapMixin
from nastavnik.accounts.models import User
from nastavnik.orgs.models import MATCH_WEIGHTS, Municipality, Organization, Region


class OrganizationForm(BootstrapMixin, forms.ModelForm):
    website = forms.URLField(label="Адрес сайта", required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = ["municipality", "kind", "name", "short_name", "address", "website", "head_name", "head_position"]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = visible(Municipality.objects.all(), user, write=True)
        if self.instance.pk and not allowed.filter(pk=self.instance.municipality_id).exists():
            # A head or curator edits their organization but cannot move it to another municipality.
            allowed = Municipality.objects.filter(pk=self.instance.municipality_id)
            self.fields["municipality"].disabled = True
        self.fields["municipality"].queryset = allowed


class MunicipalityForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Municipality
        fields = [
            "region",
            "name",
            "young_rule",
            "young_experience_years",
            "young_age_years",
            "default_mentor_capacity",
            *MATCH_WEIGHTS,
            "match_own_organization_only",
            "match_head_not_deputy",
            "match_min_experience_gap",
        ]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = visible(Region.objects.all(), user, write=True)
        if self.instance.pk and not allowed.filter(pk=self.instance.region_id).exists():
            # A coordinator sets up their municipality but cannot move it to another region.
            allowed = Region.objects.filter(pk=self.instance.region_id)
            self.fields["region"].disabled = True
        self.fields["region"].queryset = allowed
        self.fields["default_mentor_capacity"].min_value = 1
        for name in self.KEPT_WHEN_OMITTED:
            self.fields[name].required = False

    # The settings of matching came later than the rest: a form posted without them keeps their values.
    KEPT_WHEN_OMITTED = (*MATCH_WEIGHTS, "match_min_experience_gap")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in self.KEPT_WHEN_OMITTED:
            if name in cleaned and cleaned[name] is None:
                if name in self.data:
                    self.add_error(name, "Укажите число (0 — не учитывать).")
                else:
                    cleaned[name] = getattr(self.instance, name)
        return cleaned

    def matching_fields(self) -> list[forms.BoundField]:
        """The settings of matching, shown under their own heading."""
        return [field for field in self if field.name.startswith("match_")]

    def general_fields(self) -> list[forms.BoundField]:
        return [field for field in self if not field.name.startswith("match_")]


class RegionForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Region
        fields = ["name"]
