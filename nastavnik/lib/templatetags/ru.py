"""Template filters for Russian text."""

from __future__ import annotations

from django import template

from nastavnik.lib.text import plural

register = template.Library()


@register.filter
def ru_plural(number: int, forms: str) -> str:
    """``{{ n|ru_plural:"пара,пары,пар" }}`` → «5 пар»."""
    one, few, many = (form.strip() for form in forms.split(","))
    return f"{number} {plural(int(number), one, few, many)}"
