"""A service's ValidationError shown to the person: on the form's fields, or as a message."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest


def add_errors(form: BaseForm, error: ValidationError) -> None:
    """Errors keyed by field go to those fields (others to the form as a whole)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def report(request: HttpRequest, error: ValidationError) -> None:
    """For actions without a form on their page: the error as a message on the next page."""
    messages.error(request, " ".join(error.messages))
