"""Dates as Russian users write them."""

from __future__ import annotations

from datetime import date


def full_years(start: date, on: date) -> int:
    """Whole years from ``start`` to ``on`` (age, experience)."""
    years = on.year - start.year
    if (on.month, on.day) < (start.month, start.day):
        years -= 1
    return max(years, 0)


def years_ago(on: date, years: int) -> date:
    """The same day ``years`` years before ``on`` (29 February becomes 28 February)."""
    try:
        return on.replace(year=on.year - years)
    except ValueError:
        return on.replace(year=on.year - years, day=28)


MONTHS_GENITIVE = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)


def long_date(value: date) -> str:
    """«22» ноября 2026 г. — the date line of an official document."""
    return f"«{value.day:02d}» {MONTHS_GENITIVE[value.month - 1]} {value.year} г."
