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
