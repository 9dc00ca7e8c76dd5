"""The bank columns of the registry file (DESIGN §4.3–4.4).

The people app reads the registry and knows nothing of the banks (an app never imports the apps after
it, DESIGN §5). This module registers the bank columns with its importer from ``MentoringConfig.ready``:
their headers and how their values are parsed (so every error has a row and a column in the preview),
a check after matching (a mentee needs a category; the counts for the preview), and a receiver of
``registry_applied`` that adds the people to the banks in the import's own transaction.

Only people not yet in a bank are added: a mentor or mentee already recorded, whatever their status, is
left as it is (their card is where a status or a category changes). The rule «no bank without a valid
processing consent» is checked by the importer before anything is written, and once more here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.dispatch import receiver
from django.utils import timezone

from nastavnik.accounts.models import User
from nastavnik.lib.text import normalize
from nastavnik.mentoring.models import Difficulty, Mentee, MenteeCategory, MenteeStatus, Mentor, MentorStatus
from nastavnik.mentoring.services import NO_CONSENT
from nastavnik.orgs.models import Organization
from nastavnik.people.importing import (
    CHANGE_REASON,
    CellError,
    ExtraColumn,
    ImportPreview,
    PersonRow,
    RowError,
    parse_date,
    parse_text,
    parse_yes_no,
    register_extra_columns,
)
from nastavnik.people.models import Consent, ConsentKind
from nastavnik.people.signals import registry_applied

REQUEST_LIMIT = 2000
MENTEE_DETAILS = ("mentee_category", "mentee_difficulties", "mentee_request", "mentee_requested_on")


def _key(text: str) -> str:
    return "".join(ch for ch in normalize(text) if ch.isalnum())


# --- parsing the cells ----------------------------------------------------------------------------------

# Keywords of each category, on the text in lower case with ё as е; the labels match only their own.
_CATEGORY_WORDS: list[tuple[MenteeCategory, re.Pattern[str]]] = [
    (MenteeCategory.YOUNG, re.compile(r"молод|начинающ")),
    (MenteeCategory.AFTER_BREAK, re.compile(r"перерыв")),
    (MenteeCategory.NEW_PLACE, re.compile(r"нов\w*\s+(?:\w+\s+)?мест|адаптац")),
    (MenteeCategory.GROWTH, re.compile(r"повы[сш]")),
    (MenteeCategory.DIGITAL, re.compile(r"икт|цифров|ит-|информационн")),
    (MenteeCategory.BURNOUT, re.compile(r"выгоран")),
    (MenteeCategory.OTHER, re.compile(r"друг")),
    (MenteeCategory.STUDENT, re.compile(r"студент|стажер|практик")),
]
_CATEGORY_HINT = "; ".join(f"{number} — {category.label}" for number, category in enumerate(MenteeCategory, start=1))


def parse_category(value: Any) -> str | None:
    """«Молодой специалист», «после перерыва», «3» (the number in the положение) → a MenteeCategory."""
    text = normalize(str(value)) if value is not None else ""
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if not text:
        return None
    categories = list(MenteeCategory)
    if text.rstrip(".") in {str(number) for number in range(1, len(categories) + 1)}:
        return categories[int(text.rstrip(".")) - 1]
    if text in MenteeCategory.values:
        return text
    found = [category for category, words in _CATEGORY_WORDS if words.search(text)]
    if len(found) == 1:
        return found[0]
    shown = " ".join(str(value).split())[:60]
    problem = "подходит к нескольким категориям" if found else "неизвестная категория наставляемого"
    raise CellError(f"{problem} «{shown}» — укажите одну из восьми (можно номером): {_CATEGORY_HINT}")


def difficulty_parser(on: date) -> Callable[[Any], list[int] | None]:
    """Read once per file: names and codes of the vocabulary, as letters and digits; a unique beginning
    of a name of at least 8 letters is enough («Дисциплина на уроке»)."""
    names: dict[str, int] = {}
    for pk, code, name in Difficulty.objects.values_list("pk", "code", "name"):
        names[_key(name)] = pk
        names[_key(code)] = pk

    def parse(value: Any) -> list[int] | None:
        if value is None or value == "":
            return None
        found: list[int] = []
        for part in re.split(r"[;\n]", str(value)):
            key = _key(part)
            if not key:
                continue
            pk = names.get(key)
            if pk is None and len(key) >= 8:
                starts = {pk for name, pk in names.items() if name.startswith(key)}
                pk = starts.pop() if len(starts) == 1 else None
            if pk is None:
                shown = " ".join(part.split())[:60]
                raise CellError(
                    f"неизвестное затруднение «{shown}» — пишите названия из справочника профессиональных "
                    "затруднений (или их коды) через точку с запятой или с новой строки"
                )
            if pk not in found:
                found.append(pk)
        return found or None

    return parse


def _yes_no(on: date) -> Callable[[Any], Any]:
    return parse_yes_no


def _category(on: date) -> Callable[[Any], Any]:
    return parse_category


def _request(on: date) -> Callable[[Any], Any]:
    return lambda value: parse_text(value, limit=REQUEST_LIMIT)


def _requested_on(on: date) -> Callable[[Any], Any]:
    return lambda value: parse_date(value, on=on, what="дата запроса")


COLUMNS = [
    ExtraColumn(
        name="mentor",
        label="в банк наставников",
        matches=lambda key: key == "наставник" or key.startswith(("вбанкнаставников", "банкнаставников")),
        parser=_yes_no,
        asks_consent=True,
        help=(
            "Наставник",
            "«да» (или «+») — внести в банк наставников организации, если работника там ещё нет; «нет» или "
            "пусто — не вносить. Нужно согласие на обработку ПДн.",
            "да",
        ),
    ),
    ExtraColumn(
        name="mentee",
        label="в банк наставляемых",
        matches=lambda key: key == "наставляемый" or key.startswith(("вбанкнаставляем", "банкнаставляем")),
        parser=_yes_no,
        asks_consent=True,
        help=(
            "Наставляемый",
            "«да» — внести в банк наставляемых (статус «ожидает наставника»), если работника там ещё нет. "
            "Нужны согласие на обработку ПДн и категория наставляемого.",
            "да",
        ),
    ),
    ExtraColumn(
        name="mentee_category",
        label="категория наставляемого",
        matches=lambda key: key.startswith("категориянаставляем"),
        parser=_category,
        help=("Категория наставляемого", f"Одна из восьми, словами или номером: {_CATEGORY_HINT}.", "молодой педагог"),
    ),
    ExtraColumn(
        name="mentee_difficulties",
        label="профессиональные затруднения наставляемого",
        matches=lambda key: key.startswith(("затруднен", "профессиональныезатруднен", "дефицит")),
        parser=difficulty_parser,
        help=(
            "Затруднения",
            "Названия из справочника профессиональных затруднений (или их коды) через точку с запятой или с "
            "новой строки; достаточно начала названия, если оно однозначно.",
            "Дисциплина на уроке; Взаимодействие с родителями",
        ),
    ),
    ExtraColumn(
        name="mentee_request",
        label="запрос наставляемого",
        matches=lambda key: key == "запрос" or key.startswith(("запроснаставляем", "запроссвоимисловами")),
        parser=_request,
        help=("Запрос", "Запрос наставляемого своими словами.", "хочу научиться держать дисциплину"),
    ),
    ExtraColumn(
        name="mentee_requested_on",
        label="дата запроса наставляемого",
        matches=lambda key: key.startswith("датазапрос"),
        parser=_requested_on,
        help=("Дата запроса", "ДД.ММ.ГГГГ, не в будущем. Если пусто — дата загрузки.", "10.09.2025"),
    ),
]


# --- after matching: the rules of a row and the counts ----------------------------------------------------


def _chunks(items: list[int], size: int = 500) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _people_in(model: type[Model], ids: list[int]) -> set[int]:
    found: set[int] = set()
    for chunk in _chunks(sorted(ids)):
        found.update(model._default_manager.filter(person_id__in=chunk).values_list("person_id", flat=True))
    return found


def check_rows(preview: ImportPreview, rows: list[PersonRow], column: Callable[[str], str]) -> None:
    """A mentee needs a category; mentee details need «да» in «Наставляемый»; count who will be added."""
    mentors = [row for row in rows if row.extra.get("mentor")]
    mentees = [row for row in rows if row.extra.get("mentee")]
    for row in rows:
        if row.extra.get("mentee") and "mentee_category" not in row.extra:
            preview.errors.append(
                _error(row, column("mentee_category"), "для наставляемого нужна категория — укажите её")
            )
        elif not row.extra.get("mentee"):
            for name in MENTEE_DETAILS:
                if name in row.extra:
                    message = f"заполнено для наставляемого, но в столбце «{column('mentee')}» нет «да»"
                    preview.errors.append(_error(row, column(name), message))
    if mentors:
        existing = _people_in(Mentor, [row.person_id for row in mentors if row.person_id is not None])
        preview.mentors_to_add = sum(1 for row in mentors if row.person_id not in existing)
    if mentees:
        existing = _people_in(Mentee, [row.person_id for row in mentees if row.person_id is not None])
        preview.mentees_to_add = sum(1 for row in mentees if row.person_id not in existing)


def _error(row: PersonRow, column: str, message: str) -> RowError:
    return RowError(row.row, column, message)


def register() -> None:
    register_extra_columns(*COLUMNS, check=check_rows)


# --- writing ---------------------------------------------------------------------------------------------


@receiver(registry_applied)
def add_to_banks(
    sender: Any, organization: Organization, rows: list[PersonRow], on: date, by: User | None, **kwargs: Any
) -> dict[str, int]:
    """Mentors (in the bank, the municipality's capacity) and mentees (waiting) for the rows asking for
    them, people already in that bank left alone; each with its history row, as the services record."""
    mentor_rows = [row for row in rows if row.extra.get("mentor")]
    mentee_rows = [row for row in rows if row.extra.get("mentee")]
    if not mentor_rows and not mentee_rows:
        return {}
    _require_consents([_person(row) for row in [*mentor_rows, *mentee_rows]], on)
    new_mentors = _new(Mentor, mentor_rows)
    new_mentees = _new(Mentee, mentee_rows)
    now = timezone.now()
    capacity = organization.municipality.default_mentor_capacity
    mentors = Mentor.objects.bulk_create(
        [Mentor(person_id=_person(row), capacity=capacity, status=MentorStatus.IN_BANK) for row in new_mentors]
    )
    _history(Mentor, mentors, by, now)
    mentees = Mentee.objects.bulk_create(
        [
            Mentee(
                person_id=_person(row),
                category=row.extra["mentee_category"],
                request=row.extra.get("mentee_request", ""),
                requested_on=row.extra.get("mentee_requested_on") or on,
                status=MenteeStatus.WAITING,
            )
            for row in new_mentees
        ]
    )
    through = Mentee.difficulties.through
    links = through.objects.bulk_create(
        [
            through(mentee_id=mentee.pk, difficulty_id=difficulty)
            for mentee, row in zip(mentees, new_mentees, strict=True)
            for difficulty in row.extra.get("mentee_difficulties", ())
        ]
    )
    history = _history(Mentee, mentees, by, now)
    history_of = {record.id: record for record in history}
    m2m_history = apps.get_model("mentoring", "HistoricalMentee_difficulties")
    m2m_history.objects.bulk_create(
        [
            m2m_history(
                history=history_of[link.mentee_id],
                id=link.pk,
                mentee_id=link.mentee_id,
                difficulty_id=link.difficulty_id,
            )
            for link in links
        ]
    )
    return {"mentors": len(mentors), "mentees": len(mentees)}


def _person(row: PersonRow) -> int:
    assert row.person_id is not None, "the people are written before registry_applied is sent"
    return row.person_id


def _require_consents(person_ids: list[int], on: date) -> None:
    consented: set[int] = set()
    for chunk in _chunks(sorted(set(person_ids))):
        valid = Consent.objects.valid(on).filter(person_id__in=chunk, kind=ConsentKind.PROCESSING)
        consented.update(valid.values_list("person_id", flat=True))
    if set(person_ids) - consented:
        raise ValidationError(NO_CONSENT)


def _new(model: type[Model], rows: list[PersonRow]) -> list[PersonRow]:
    existing = _people_in(model, [_person(row) for row in rows])
    return [row for row in rows if row.person_id not in existing]


def _history(model: type[Mentor] | type[Mentee], objects: list[Any], by: User | None, now: Any) -> list[Any]:
    manager = model.history  # type: ignore[union-attr]
    return (
        manager.bulk_history_create(objects, default_user=by, default_change_reason=CHANGE_REASON, default_date=now)
        or []
    )
