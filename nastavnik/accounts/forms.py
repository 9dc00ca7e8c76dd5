from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm

from nastavnik.accounts.access import has_role, visible
from nastavnik.accounts.models import ROLE_LEVELS, Level, Membership, Role, User
from nastavnik.orgs.models import Municipality, Organization, Region


class BootstrapMixin:
    """Bootstrap classes on every widget, so forms/field.html renders them all the same way."""

    fields: dict[str, Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class LoginForm(BootstrapMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": "Неверное имя пользователя или пароль. Обратите внимание: пароль чувствителен к регистру.",
        "inactive": "Учётная запись отключена.",
    }


class UserCreateForm(BootstrapMixin, BaseUserCreationForm):
    class Meta:
        model = User
        fields = ["username", "last_name", "first_name", "middle_name", "email"]


class UserUpdateForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["last_name", "first_name", "middle_name", "email", "is_active"]


class MembershipForm(BootstrapMixin, forms.ModelForm):
    """A role on a scope that the manager may grant: an admin anything, a coordinator within their municipality."""

    class Meta:
        model = Membership
        fields = ["role", "region", "municipality", "organization"]

    def __init__(self, *args: Any, manager: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.manager = manager
        is_admin = has_role(manager, Role.ADMIN)
        if not is_admin:
            self.fields["role"].choices = [
                (value, label) for value, label in Role.choices if value not in (Role.ADMIN, Role.REGIONAL_COORDINATOR)
            ]
            self.fields["region"].queryset = Region.objects.none()
            self.fields["region"].widget = forms.HiddenInput()
        self.fields["municipality"].queryset = visible(Municipality.objects.all(), manager, write=True)
        self.fields["organization"].queryset = visible(
            Organization.objects.select_related("municipality"), manager, write=True
        )
        self.fields[
            "organization"
        ].help_text = "Для ролей руководителя, куратора, психолога, наставника, наставляемого."

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role = data.get("role")
        chosen = [level for level in (Level.REGION, Level.MUNICIPALITY, Level.ORGANIZATION) if data.get(level)]
        if not role:
            return data
        allowed = ROLE_LEVELS[role]
        if Level.ALL in allowed:
            if chosen:
                raise forms.ValidationError("Роль администратора выдаётся без области: оставьте поля области пустыми.")
            return data
        if len(chosen) != 1:
            raise forms.ValidationError("Укажите ровно одну область: регион, муниципалитет или организацию.")
        if chosen[0] not in allowed:
            names = ", ".join(Level(level).label for level in allowed)
            raise forms.ValidationError(f"Роль «{Role(role).label}» выдаётся на уровне: {names}.")
        return data
