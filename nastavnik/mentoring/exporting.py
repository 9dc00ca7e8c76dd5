"""Export of the banks of mentors and mentees to Excel; querysets come scoped by the caller.

Two or three queries whatever the size: the bank with its people and organizations, then one query per
many-to-many list (subjects, competencies, difficulties).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from nastavnik.lib.xlsx import write_xlsx
from nastavnik.mentoring.models import Mentee, Mentor
from nastavnik.people.exporting import names_by_owner

MENTOR_HEADERS = [
    "ФИО",
    "Организация",
    "Должность",
    "Предметы",
    "Компетенции (с какими затруднениями помогает)",
    "Статус",
    "Муниципальный банк",
    "Сколько наставляемых может вести",
    "Готов к сетевому наставничеству",
    "Достижения",
    "Обучение по наставничеству",
    "Внесён в банк",
]

MENTEE_HEADERS = [
    "ФИО",
    "Организация",
    "Должность",
    "Категория",
    "Запрос",
    "Профессиональные затруднения",
    "Дата запроса",
    "Статус",
    "Внесён в банк",
]


def _day(moment: datetime) -> Any:
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def mentor_rows(queryset: QuerySet[Mentor]) -> Iterator[list[Any]]:
    pks = queryset.values("pk")
    subjects = names_by_owner(Mentor.subjects.through.objects.filter(mentor__in=pks), "mentor_id", "subject__name")
    competencies = names_by_owner(
        Mentor.competencies.through.objects.filter(mentor__in=pks), "mentor_id", "difficulty__name"
    )
    for mentor in queryset.select_related("person__organization").iterator(chunk_size=2000):
        person = mentor.person
        yield [
            person.full_name,
            person.organization.short_name,
            person.position,
            subjects.get(mentor.pk, ""),
            competencies.get(mentor.pk, ""),
            mentor.get_status_display(),
            mentor.get_municipal_status_display(),
            mentor.capacity,
            "да" if mentor.network_ready else "нет",
            mentor.achievements,
            mentor.training,
            _day(mentor.created_at),
        ]


def mentee_rows(queryset: QuerySet[Mentee]) -> Iterator[list[Any]]:
    difficulties = names_by_owner(
        Mentee.difficulties.through.objects.filter(mentee__in=queryset.values("pk")), "mentee_id", "difficulty__name"
    )
    for mentee in queryset.select_related("person__organization").iterator(chunk_size=2000):
        person = mentee.person
        yield [
            person.full_name,
            person.organization.short_name,
            person.position,
            mentee.get_category_display(),
            mentee.request,
            difficulties.get(mentee.pk, ""),
            mentee.requested_on,
            mentee.get_status_display(),
            _day(mentee.created_at),
        ]


def export_mentors(queryset: QuerySet[Mentor]) -> bytes:
    return write_xlsx([("Банк наставников", MENTOR_HEADERS, mentor_rows(queryset))])


def export_mentees(queryset: QuerySet[Mentee]) -> bytes:
    return write_xlsx([("Банк наставляемых", MENTEE_HEADERS, mentee_rows(queryset))])
