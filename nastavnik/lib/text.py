"""Russian text helpers: search keys that ignore case and ё, and plural forms."""

from __future__ import annotations

import re

_SPACES = re.compile(r"\s+")
_NAME = re.compile(r"^[^\W\d_](?:[^\W\d_]|[-' .’])*$")
NAME_RULE = "может содержать только буквы, пробелы, дефисы и апострофы"


def is_valid_name(value: str) -> bool:
    """A part of ФИО: letters, with spaces, hyphens and apostrophes inside («Салтыков-Щедрин», «Д’Артаньян»)."""
    return bool(_NAME.match(value))


def normalize(value: str) -> str:
    """Lower case, ё→е, single spaces: the key both for search and for Russian alphabetical order.

    Lower-case Cyrillic letters without ё are in alphabetical order in Unicode, so sorting by this
    key gives Russian order on SQLite and PostgreSQL alike, whatever the database collation.
    """
    return _SPACES.sub(" ", value.replace("Ё", "Е").replace("ё", "е").lower()).strip()


def plural(number: int, one: str, few: str, many: str) -> str:
    """Pick the Russian plural form: 1 пара, 2 пары, 5 пар, 11 пар, 21 пара."""
    n = abs(number) % 100
    if 11 <= n <= 19:
        return many
    n %= 10
    if n == 1:
        return one
    if 2 <= n <= 4:
        return few
    return many
