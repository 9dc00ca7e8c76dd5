"""Readable change history from django-simple-history records."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

ACTIONS = {"+": "создано", "~": "изменено", "-": "удалено"}


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class Entry:
    at: datetime
    who: str
    what: str
    action: str
    reason: str
    changes: list[Change] = field(default_factory=list)


def _show(record: Any, name: str, value: Any) -> str:
    if value in (None, ""):
        return "—"
    model_field = record.instance_type._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if hasattr(value, "strftime"):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, list):
        return f"{len(value)} шт."
    return str(value)


def entries(what: str, records: Iterable[Any], *, skip: tuple[str, ...] = ("search_key", "updated_at")) -> list[Entry]:
    """Turn a model's history records (newest first) into entries with the changed fields."""
    ordered = sorted(records, key=lambda r: (r.history_date, r.history_id))
    result: list[Entry] = []
    previous = None
    for record in ordered:
        changes: list[Change] = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                if change.field in skip:
                    continue
                label = str(record.instance_type._meta.get_field(change.field).verbose_name)
                changes.append(
                    Change(label, _show(record, change.field, change.old), _show(record, change.field, change.new))
                )
        user = record.history_user
        result.append(
            Entry(
                at=record.history_date,
                who=str(user) if user else "система",
                what=what,
                action=ACTIONS.get(record.history_type, record.history_type),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
        previous = record
    return result
