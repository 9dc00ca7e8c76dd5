from __future__ import annotations

from typing import Any

from django import forms

from nastavnik.accounts.access import visible
from nastavnik.accounts.forms import BootstrapMixin
from nastavnik.accounts.models import User
from nastavnik.orgs.models import Municipality, Organization, Region


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


class RegionForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Region
        fields = ["name"]
