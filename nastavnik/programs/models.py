"""Personalized mentoring programs (ППН), their plans of activities and the templates they are built on
(DESIGN §4.7, seed 004 Приложение № 2)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Count, Q

from nastavnik.accounts.access import ScopedQuerySet
from nastavnik.lib.access_paths import AccessPaths
from nastavnik.lib.urls import detail_url
from nastavnik.mentoring.models import Difficulty, Mentorship

MIN_MONTHS, MAX_MONTHS = 3, 12


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (31 January + 1 month is 28 or 29 February)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def period_error(starts_on: date, ends_on: date) -> str | None:
    """Why a period of realisation is not 3 months to 1 year, or None when it is."""
    if ends_on < starts_on:
        return "Окончание реализации программы раньше её начала."
    if ends_on < add_months(starts_on, MIN_MONTHS) - timedelta(days=1):
        return "Период реализации программы — не меньше 3 месяцев."
    if ends_on > add_months(starts_on, MAX_MONTHS):
        return "Период реализации программы — не больше 1 года."
    return None


# --- Templates ------------------------------------------------------------------------------------------


class ProgramTemplate(models.Model):
    """A template of a program: its blocks of work with suggested activities. A template without a
    municipality is shipped for all; a municipality may keep its own."""

    name = models.CharField("название", max_length=300)
    is_default = models.BooleanField("по умолчанию", default=False)
    municipality = models.ForeignKey(
        "orgs.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="program_templates",
        verbose_name="муниципалитет (пусто — для всех)",
    )
    notes = models.TextField("примечания к плану", blank=True)
    created_at = models.DateTimeField("создан", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    ACCESS = AccessPaths(region="municipality__region", municipality="municipality", organization=None)

    class Meta:
        verbose_name = "шаблон программы"
        verbose_name_plural = "шаблоны программ"
        ordering = ["-is_default", "name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return detail_url("programs:template-update", self.pk)


class TemplateSection(models.Model):
    """A block of work of a template («Блок I», «4.1»), with its suggested activities, one per line.

    A section with ``parent`` is a part of another block (4.1–4.6 of block IV)."""

    template = models.ForeignKey(
        ProgramTemplate, on_delete=models.CASCADE, related_name="sections", verbose_name="шаблон"
    )
    code = models.CharField("номер", max_length=10)
    title = models.CharField("название блока", max_length=500)
    parent = models.CharField("входит в блок", max_length=10, blank=True)
    order = models.PositiveSmallIntegerField("порядок", default=0)
    activities = models.TextField("мероприятия (по одному в строке)", blank=True)

    class Meta:
        verbose_name = "блок шаблона программы"
        verbose_name_plural = "блоки шаблонов программ"
        ordering = ["template", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="programs_templatesection_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    def activity_lines(self) -> list[str]:
        return [line.strip() for line in self.activities.splitlines() if line.strip()]


# --- Programs -------------------------------------------------------------------------------------------


class ProgramStatus(models.TextChoices):
    DRAFT = "draft", "черновик"
    SUBMITTED = "submitted", "на согласовании"
    AGREED = "agreed", "согласована"
    ACKNOWLEDGED = "acknowledged", "утверждена, наставляемый ознакомлен"
    COMPLETED = "completed", "завершена"


# A change of the program after the head agreed it keeps the agreed text as a version.
AGREED_STATUSES = (ProgramStatus.AGREED, ProgramStatus.ACKNOWLEDGED)


class Interaction(models.TextChoices):
    INDIVIDUAL = "individual", "индивидуальная"
    GROUP = "group", "групповая"


class Mode(models.TextChoices):
    IN_PERSON = "in_person", "очный"
    REMOTE = "remote", "дистанционный"
    MIXED = "mixed", "смешанный"


class ActivityFormat(models.TextChoices):
    IN_PERSON = "in_person", "очный"
    REMOTE = "remote", "дистанционный"


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", "запланировано"
    DONE = "done", "выполнено"
    NOT_DONE = "not_done", "не выполнено"


class ProgramQuerySet(ScopedQuerySet["Program"]):
    def open(self) -> ProgramQuerySet:
        return self.exclude(status=ProgramStatus.COMPLETED)


def _user_fk(verbose_name: str) -> Any:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


class Program(models.Model):
    """The personalized program of a pair or group, in the fields of Приложение № 2."""

    mentorship = models.OneToOneField(
        Mentorship, on_delete=models.CASCADE, related_name="program", verbose_name="пара (группа)"
    )
    template = models.ForeignKey(
        ProgramTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="шаблон"
    )
    # The blocks of the plan, copied from the template: [{"code": "I", "title": "…", "parent": ""}, …].
    blocks = models.JSONField("блоки плана", default=list)
    basis = models.TextField("основание осуществления функций наставника (приказ)", blank=True)
    relevance = models.TextField("актуальность программы (пояснительная записка)", blank=True)
    goal = models.TextField("цель", blank=True)
    tasks = models.TextField("задачи", blank=True)
    starts_on = models.DateField("начало реализации")
    ends_on = models.DateField("окончание реализации")
    interaction = models.CharField(
        "параметры взаимодействия", max_length=20, choices=Interaction.choices, default=Interaction.INDIVIDUAL
    )
    interim_results = models.TextField("промежуточные результаты", blank=True)
    planned_results = models.TextField("планируемые результаты", blank=True)
    schedule = models.TextField("расписание встреч", blank=True)
    mode = models.CharField("режим работы", max_length=20, choices=Mode.choices, default=Mode.IN_PERSON)
    conditions = models.TextField("условия обучения", blank=True)
    difficulties = models.ManyToManyField(
        Difficulty, blank=True, related_name="programs", verbose_name="на преодоление каких затруднений направлена"
    )
    status = models.CharField("статус", max_length=20, choices=ProgramStatus.choices, default=ProgramStatus.DRAFT)
    version = models.PositiveIntegerField("версия", default=1)
    created_by = _user_fk("составил")
    created_at = models.DateTimeField("составлена", auto_now_add=True)
    submitted_by = _user_fk("наставник")
    submitted_at = models.DateTimeField("подписана наставником", null=True, blank=True)
    agreed_by = _user_fk("согласовал")
    agreed_at = models.DateTimeField("согласована", null=True, blank=True)
    acknowledged_by = _user_fk("ознакомлен")
    acknowledged_at = models.DateTimeField("дата ознакомления", null=True, blank=True)
    outcome = models.TextField("итоги программы", blank=True)
    overcome_difficulties = models.ManyToManyField(
        Difficulty, blank=True, related_name="overcome_in_programs", verbose_name="преодолённые затруднения"
    )
    completed_by = _user_fk("завершил")
    completed_at = models.DateTimeField("завершена", null=True, blank=True)
    offered_to_bank_at = models.DateTimeField("предложена в банк программ", null=True, blank=True)

    objects = ProgramQuerySet.as_manager()

    ACCESS = AccessPaths(
        region="mentorship__organization__municipality__region",
        municipality="mentorship__organization__municipality",
        organization="mentorship__organization",
        person="mentorship__participants__person",
    )

    class Meta:
        verbose_name = "персонализированная программа наставничества"
        verbose_name_plural = "персонализированные программы наставничества"
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="programs_program_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"Программа пары «{self.mentorship}»"

    def get_absolute_url(self) -> str:
        return detail_url("programs:program-detail", self.pk)

    def _prefetched(self) -> list[Activity] | None:
        cache: dict[str, Any] = getattr(self, "_prefetched_objects_cache", {})
        if "activities" in cache:
            return list(cache["activities"])
        return None

    def progress(self) -> tuple[int, int]:
        """(done, total) activities: from prefetched ``activities`` when present, else one query."""
        rows = self._prefetched()
        if rows is not None:
            return sum(1 for a in rows if a.status == ActivityStatus.DONE), len(rows)
        counts = self.activities.aggregate(done=Count("pk", filter=Q(status=ActivityStatus.DONE)), total=Count("pk"))
        return counts["done"], counts["total"]

    def progress_percent(self) -> int:
        done, total = self.progress()
        return round(100 * done / total) if total else 0

    def next_activity(self, today: date) -> Activity | None:
        """The planned activity with the nearest deadline from ``today`` on."""
        rows = self._prefetched()
        if rows is None:
            return (
                self.activities.filter(status=ActivityStatus.PLANNED, deadline__gte=today)
                .order_by("deadline", "pk")
                .first()
            )
        ahead = [a for a in rows if a.status == ActivityStatus.PLANNED and a.deadline >= today]
        return min(ahead, key=lambda a: (a.deadline, a.pk), default=None)

    def overdue_count(self, today: date) -> int:
        rows = self._prefetched()
        if rows is None:
            return self.activities.overdue(today).count()
        return sum(1 for a in rows if a.is_overdue(today))

    def block_titles(self) -> dict[str, str]:
        return {block["code"]: block["title"] for block in self.blocks}

    def is_agreed(self) -> bool:
        return self.status in AGREED_STATUSES


class ActivityQuerySet(ScopedQuerySet["Activity"]):
    def overdue(self, today: date) -> ActivityQuerySet:
        return self.filter(status=ActivityStatus.PLANNED, deadline__lt=today)


class Activity(models.Model):
    """An activity of the plan: block, content, deadline, planned result, format; then its execution."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="activities", verbose_name="программа")
    block = models.CharField("блок", max_length=10)
    order = models.PositiveSmallIntegerField("порядок", default=0)
    content = models.TextField("мероприятие")
    deadline = models.DateField("срок исполнения")
    planned_result = models.TextField("планируемый результат", blank=True)
    format = models.CharField("формат", max_length=20, choices=ActivityFormat.choices, default=ActivityFormat.IN_PERSON)
    difficulty = models.ForeignKey(
        Difficulty,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="затруднение, над которым работает",
    )
    status = models.CharField(
        "выполнение", max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    done_on = models.DateField("дата выполнения", null=True, blank=True)
    actual_result = models.TextField("фактический результат", blank=True)
    evidence_note = models.CharField("подтверждение (описание)", max_length=1000, blank=True)
    evidence_file = models.FileField("подтверждающий файл", upload_to="programs/evidence/%Y/", blank=True)
    evidence_link = models.URLField("ссылка на подтверждение", max_length=500, blank=True)
    marked_by = _user_fk("отметил")
    marked_at = models.DateTimeField("когда отмечено", null=True, blank=True)

    objects = ActivityQuerySet.as_manager()

    ACCESS = AccessPaths(
        region="program__mentorship__organization__municipality__region",
        municipality="program__mentorship__organization__municipality",
        organization="program__mentorship__organization",
        person="program__mentorship__participants__person",
    )

    class Meta:
        verbose_name = "мероприятие программы"
        verbose_name_plural = "мероприятия программ"
        ordering = ["program", "order", "pk"]
        indexes = [
            models.Index(fields=["status", "deadline"], name="programs_activity_due"),
            # «has the pair an overdue activity», asked of every pair when the board sorts overdue ones first
            models.Index(fields=["program", "status", "deadline"], name="programs_activity_program_due"),
        ]

    def __str__(self) -> str:
        return self.content[:80]

    def is_overdue(self, today: date) -> bool:
        """Still planned after its deadline."""
        return self.status == ActivityStatus.PLANNED and self.deadline < today


class ProgramVersion(models.Model):
    """The program as it was agreed, kept when it is changed afterwards."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="versions", verbose_name="программа")
    number = models.PositiveIntegerField("версия")
    snapshot = models.JSONField("содержание")
    created_at = models.DateTimeField("сохранена", auto_now_add=True)
    by = _user_fk("кто изменил")

    class Meta:
        verbose_name = "версия программы"
        verbose_name_plural = "версии программ"
        ordering = ["program", "-number"]
        constraints = [models.UniqueConstraint(fields=["program", "number"], name="programs_programversion_unique")]

    def __str__(self) -> str:
        return f"Версия {self.number}"
