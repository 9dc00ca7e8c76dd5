"""The banks of mentors and mentees and the shared vocabulary of difficulties (DESIGN §4.3)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from nastavnik.accounts.access import ScopedQuerySet
from nastavnik.lib.access_paths import AccessPaths
from nastavnik.lib.urls import detail_url
from nastavnik.people.models import Person, Subject


class Difficulty(models.Model):
    """A professional difficulty (дефицит): one vocabulary for diagnostics, mentees' needs,
    mentors' competencies and program goals."""

    code = models.SlugField("код", max_length=60, unique=True)
    group = models.CharField("группа", max_length=200)
    name = models.CharField("затруднение", max_length=300)
    order = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "профессиональное затруднение"
        verbose_name_plural = "профессиональные затруднения"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


BANK_ACCESS = AccessPaths(
    region="person__organization__municipality__region",
    municipality="person__organization__municipality",
    organization="person__organization",
    person="person",
)


class MentorStatus(models.TextChoices):
    CANDIDATE = "candidate", "кандидат"
    IN_BANK = "in_bank", "в банке"
    SUSPENDED = "suspended", "приостановлен"
    LEFT = "left", "выбыл"


class MunicipalStatus(models.TextChoices):
    NONE = "", "не выдвигался"
    NOMINATED = "nominated", "выдвинут"
    ADMITTED = "admitted", "включён в муниципальный банк"
    DECLINED = "declined", "отклонён"


class MentorQuerySet(ScopedQuerySet["Mentor"]):
    def in_bank(self) -> MentorQuerySet:
        return self.filter(status=MentorStatus.IN_BANK)


class Mentor(models.Model):
    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="mentor", verbose_name="работник")
    competencies = models.ManyToManyField(
        Difficulty, blank=True, related_name="mentors", verbose_name="компетенции (с какими затруднениями помогает)"
    )
    subjects = models.ManyToManyField(Subject, blank=True, related_name="mentors", verbose_name="предметы")
    achievements = models.TextField("достижения", blank=True)
    training = models.TextField("обучение по наставничеству", blank=True)
    capacity = models.PositiveSmallIntegerField("сколько наставляемых может вести")
    status = models.CharField("статус", max_length=20, choices=MentorStatus.choices, default=MentorStatus.CANDIDATE)
    network_ready = models.BooleanField("готов к наставничеству в другой организации (сетевое)", default=False)
    municipal_status = models.CharField(
        "муниципальный банк", max_length=20, choices=MunicipalStatus.choices, default=MunicipalStatus.NONE, blank=True
    )
    nominated_on = models.DateField("дата выдвижения", null=True, blank=True)
    municipal_decided_on = models.DateField("дата решения", null=True, blank=True)
    municipal_reason = models.CharField("обоснование решения", max_length=1000, blank=True)
    municipal_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("внесён", auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[competencies, subjects])
    objects = MentorQuerySet.as_manager()

    ACCESS = BANK_ACCESS

    class Meta:
        verbose_name = "наставник"
        verbose_name_plural = "наставники"
        ordering = ["person__search_key", "pk"]
        indexes = [models.Index(fields=["status"], name="mentoring_mentor_status")]

    def __str__(self) -> str:
        return self.person.full_name

    def get_absolute_url(self) -> str:
        return detail_url("mentoring:mentor-detail", self.pk)


class MenteeCategory(models.TextChoices):
    """The eight categories of mentees (Старый Оскол положение §1.12)."""

    YOUNG = "young", "молодой (начинающий) педагог"
    AFTER_BREAK = "after_break", "педагог, приступивший к работе после длительного перерыва"
    NEW_PLACE = "new_place", "педагог в процессе адаптации на новом месте работы"
    GROWTH = "growth", "педагог, желающий повысить профессиональный уровень в определённом направлении"
    DIGITAL = "digital", "педагог, желающий овладеть ИТ-программами, цифровыми навыками, ИКТ-компетенциями"
    BURNOUT = "burnout", "педагог в состоянии профессионального, эмоционального выгорания"
    OTHER = "other", "педагог, испытывающий другие профессиональные затруднения"
    STUDENT = "student", "стажёр (студент), проходящий стажировку (практику) в организации"


class MenteeStatus(models.TextChoices):
    WAITING = "waiting", "ожидает наставника"
    PAIRED = "paired", "в паре"
    FINISHED = "finished", "завершил"
    LEFT = "left", "выбыл"


class MenteeQuerySet(ScopedQuerySet["Mentee"]):
    def waiting(self) -> MenteeQuerySet:
        """The curator's to-do list: mentees without a pair, oldest request first."""
        return self.filter(status=MenteeStatus.WAITING).order_by("requested_on", "pk")


class Mentee(models.Model):
    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="mentee", verbose_name="работник")
    category = models.CharField("категория", max_length=20, choices=MenteeCategory.choices)
    request = models.TextField("запрос своими словами", blank=True)
    difficulties = models.ManyToManyField(
        Difficulty, blank=True, related_name="mentees", verbose_name="профессиональные затруднения"
    )
    requested_on = models.DateField("дата запроса")
    status = models.CharField("статус", max_length=20, choices=MenteeStatus.choices, default=MenteeStatus.WAITING)
    created_at = models.DateTimeField("внесён", auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[difficulties])
    objects = MenteeQuerySet.as_manager()

    ACCESS = BANK_ACCESS

    class Meta:
        verbose_name = "наставляемый"
        verbose_name_plural = "наставляемые"
        ordering = ["person__search_key", "pk"]
        indexes = [models.Index(fields=["status", "requested_on"], name="mentoring_mentee_waiting")]

    def __str__(self) -> str:
        return self.person.full_name

    def get_absolute_url(self) -> str:
        return detail_url("mentoring:mentee-detail", self.pk)


def mark_difficulties(mentees: Iterable[Mentee], *, limit: int = 120) -> None:
    """Set ``difficulties_text`` («a; b; c», cut at ``limit`` characters) on a page of mentees, in one
    query of names: cheaper for a list than model instances through prefetch_related."""
    mentees = list(mentees)
    names: dict[int, list[str]] = {}
    links = Mentee.difficulties.through.objects.filter(mentee__in=[m.pk for m in mentees])
    for mentee_id, name in links.order_by("difficulty__order", "difficulty__name").values_list(
        "mentee_id", "difficulty__name"
    ):
        names.setdefault(mentee_id, []).append(name)
    for mentee in mentees:
        text = "; ".join(names.get(mentee.pk, []))
        mentee.difficulties_text = text if len(text) <= limit else text[: limit - 1].rstrip() + "…"  # type: ignore[attr-defined]


# --- Pairs and groups (наставнические пары и группы) ----------------------------------------------------


class Pairing(models.TextChoices):
    """Форма наставничества (DESIGN §3: never called "form" in code)."""

    TEACHER_TEACHER = "teacher_teacher", "педагог – педагог"
    HEAD_TEACHER = "head_teacher", "руководитель – педагог"
    EMPLOYER_STUDENT = "employer_student", "работодатель – студент"
    LECTURER_YOUNG = "lecturer_young", "педагог вуза (колледжа) – молодой педагог"
    PARTNER_TEACHER = "partner_teacher", "социальный партнёр – педагог"
    TEACHER_PUPIL = "teacher_pupil", "педагог – учащийся"
    PUPIL_PUPIL = "pupil_pupil", "учащийся – учащийся"


class MentorshipKind(models.TextChoices):
    """Вид наставничества."""

    VIRTUAL = "virtual", "виртуальное"
    GROUP = "group", "групповое"
    SHORT = "short", "краткосрочное (целеполагающее)"
    REVERSE = "reverse", "реверсивное"
    SITUATIONAL = "situational", "ситуационное"
    SPEED = "speed", "скоростное консультационное"
    TRADITIONAL = "traditional", "традиционное («один на один»)"


class MentorshipStatus(models.TextChoices):
    DRAFT = "draft", "черновик"
    APPROVED = "approved", "утверждена приказом"
    ACTIVE = "active", "действует"
    COMPLETED = "completed", "завершена"
    ENDED_EARLY = "ended_early", "прекращена досрочно"


OPEN_STATUSES = (MentorshipStatus.DRAFT, MentorshipStatus.APPROVED, MentorshipStatus.ACTIVE)


class EndReason(models.TextChoices):
    AGREEMENT = "agreement", "по соглашению сторон"
    MENTEE_REQUEST = "mentee_request", "по просьбе наставляемого"
    MENTOR_REQUEST = "mentor_request", "по просьбе наставника"
    LEFT = "left", "участник выбыл"
    CONSENT_WITHDRAWN = "consent_withdrawn", "отозвано согласие"


class MentorshipQuerySet(ScopedQuerySet["Mentorship"]):
    def open(self) -> MentorshipQuerySet:
        return self.filter(status__in=OPEN_STATUSES)


class Mentorship(models.Model):
    """A pair or a group: one or more mentors, one or more mentees, dated, with its lifecycle."""

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="mentorships", verbose_name="организация"
    )
    pairing = models.CharField("форма наставничества", max_length=30, choices=Pairing.choices)
    kinds = models.JSONField("виды наставничества", default=list)
    started_on = models.DateField("дата начала")
    planned_end_on = models.DateField("плановая дата окончания")
    status = models.CharField("статус", max_length=20, choices=MentorshipStatus.choices, default=MentorshipStatus.DRAFT)
    order_number = models.CharField("номер приказа", max_length=50, blank=True)
    order_date = models.DateField("дата приказа", null=True, blank=True)
    difficulties = models.ManyToManyField(
        Difficulty, blank=True, related_name="mentorships", verbose_name="затруднения, над которыми работает пара"
    )
    ended_on = models.DateField("дата окончания", null=True, blank=True)
    end_reason = models.CharField("причина прекращения", max_length=30, choices=EndReason.choices, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("создана", auto_now_add=True)

    objects = MentorshipQuerySet.as_manager()

    ACCESS = AccessPaths(
        region="organization__municipality__region",
        municipality="organization__municipality",
        organization="organization",
        person="participants__person",
    )

    class Meta:
        verbose_name = "наставническая пара (группа)"
        verbose_name_plural = "наставнические пары и группы"
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_end_on__gte=models.F("started_on")),
                name="mentoring_mentorship_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_pairing_display()}, с {self.started_on:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return detail_url("mentoring:mentorship-detail", self.pk)

    def is_overdue(self, today: date) -> bool:
        """Still open after its planned end."""
        return self.status in OPEN_STATUSES and self.planned_end_on < today

    def kind_labels(self) -> list[str]:
        return [MentorshipKind(kind).label for kind in self.kinds if kind in MentorshipKind.values]


class ParticipantRole(models.TextChoices):
    MENTOR = "mentor", "наставник"
    MENTEE = "mentee", "наставляемый"


class ParticipantQuerySet(models.QuerySet["Participant"]):
    def current(self) -> ParticipantQuerySet:
        """Those still in their pair (a replaced mentor stays in the history with ``left_on``)."""
        return self.filter(left_on__isnull=True)


class Participant(models.Model):
    """A person in a pair or group, with their written consent to the additional duties (ТК РФ ст. 351.8)."""

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="participants", verbose_name="пара (группа)"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="participations", verbose_name="работник")
    role = models.CharField("роль", max_length=10, choices=ParticipantRole.choices)
    duties_consent_on = models.DateField(
        "дата письменного согласия на дополнительные обязанности", null=True, blank=True
    )
    joined_on = models.DateField("в паре с", null=True, blank=True)
    left_on = models.DateField("вышел из пары", null=True, blank=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = "участник пары (группы)"
        verbose_name_plural = "участники пар и групп"
        constraints = [
            models.UniqueConstraint(fields=["mentorship", "person"], name="mentoring_participant_unique_person")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.person}"


def mark_participants(pairs: Iterable[Mentorship]) -> None:
    """Set ``mentor_names`` and ``mentee_names`` on a page of pairs, in one query of current participants."""
    pairs = list(pairs)
    names: dict[tuple[int, str], list[str]] = {}
    rows = Participant.objects.current().filter(mentorship__in=[p.pk for p in pairs]).order_by("person__search_key")
    for mentorship_id, role, last, first, middle in rows.values_list(
        "mentorship_id", "role", "person__last_name", "person__first_name", "person__middle_name"
    ):
        names.setdefault((mentorship_id, role), []).append(" ".join(part for part in (last, first, middle) if part))
    for pair in pairs:
        pair.mentor_names = names.get((pair.pk, ParticipantRole.MENTOR), [])  # type: ignore[attr-defined]
        pair.mentee_names = names.get((pair.pk, ParticipantRole.MENTEE), [])  # type: ignore[attr-defined]


def mark_programs(pairs: Iterable[Mentorship], today: date) -> None:
    """Set ``activities_total``, ``activities_done`` and ``activities_overdue`` of each pair's program,
    ``overdue`` (the pair past its end or an activity past its deadline) and ``has_pending_request`` (a
    participant's request awaits the curator), on a page of pairs, in one query.
    The programs app comes after this one: its tables are reached through the reverse lookups by name
    only (the status values are those of programs.ActivityStatus)."""
    pairs = list(pairs)
    done = models.Q(program__activities__status="done")
    late = models.Q(program__activities__status="planned", program__activities__deadline__lt=today)
    pending = MentorshipRequest.objects.filter(mentorship=models.OuterRef("pk"), status=RequestStatus.PENDING)
    rows = (
        Mentorship.objects.filter(pk__in=[p.pk for p in pairs])
        .annotate(
            total=models.Count("program__activities"),
            done=models.Count("program__activities", filter=done),
            late=models.Count("program__activities", filter=late),
            pending=models.Exists(pending),
        )
        .values_list("pk", "total", "done", "late", "pending")
    )
    counts = {pk: (total, done_count, late_count, waits) for pk, total, done_count, late_count, waits in rows}
    for pair in pairs:
        total, done_count, late_count, waits = counts.get(pair.pk, (0, 0, 0, False))
        pair.has_pending_request = waits  # type: ignore[attr-defined]
        pair.activities_total = total  # type: ignore[attr-defined]
        pair.activities_done = done_count  # type: ignore[attr-defined]
        pair.activities_overdue = late_count  # type: ignore[attr-defined]
        pair.overdue = pair.is_overdue(today) or late_count > 0  # type: ignore[attr-defined]


class MentorshipStatusChange(models.Model):
    """The full status history of a pair: who moved it, when, from what to what, and why."""

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="status_changes", verbose_name="пара (группа)"
    )
    old_status = models.CharField("было", max_length=20, choices=MentorshipStatus.choices, blank=True)
    new_status = models.CharField("стало", max_length=20, choices=MentorshipStatus.choices)
    at = models.DateTimeField("когда", auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    note = models.CharField("примечание", max_length=500, blank=True)

    class Meta:
        verbose_name = "смена статуса пары"
        verbose_name_plural = "история статусов пар"
        ordering = ["mentorship", "at", "pk"]


class RequestKind(models.TextChoices):
    REPLACE_MENTOR = "replace_mentor", "просьба наставляемого о смене наставника"
    RESIGN = "resign", "просьба наставника о сложении обязанностей"


class RequestStatus(models.TextChoices):
    PENDING = "pending", "ожидает решения"
    GRANTED = "granted", "удовлетворена"
    REFUSED = "refused", "отклонена"


class MentorshipRequest(models.Model):
    """A mentee asks for another mentor (положение §1.14.4) or a mentor asks to resign (§1.11.7);
    the curator decides, and a granted request names the replacement."""

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="requests", verbose_name="пара (группа)"
    )
    kind = models.CharField("вид", max_length=20, choices=RequestKind.choices)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="от кого")
    reason = models.TextField("причина")
    created_at = models.DateTimeField("подана", auto_now_add=True)
    status = models.CharField("решение", max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    decided_at = models.DateTimeField("когда решено", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_note = models.CharField("обоснование решения", max_length=1000, blank=True)
    replacement = models.ForeignKey(
        Mentor, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="новый наставник"
    )

    ACCESS = AccessPaths(
        region="mentorship__organization__municipality__region",
        municipality="mentorship__organization__municipality",
        organization="mentorship__organization",
        person="mentorship__participants__person",
    )

    class Meta:
        verbose_name = "просьба участника пары"
        verbose_name_plural = "просьбы участников пар"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "person"],
                condition=models.Q(status="pending"),
                name="mentoring_mentorshiprequest_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.person}"


class Verdict(models.TextChoices):
    RECOMMENDED = "recommended", "рекомендована"
    POSSIBLE = "possible", "возможна"
    NOT_RECOMMENDED = "not_recommended", "не рекомендована"


class CompatibilityNote(models.Model):
    """The psychologist's assessment of how a mentor and a mentee would work together; matching reads it."""

    mentor = models.ForeignKey(
        Mentor, on_delete=models.CASCADE, related_name="compatibility_notes", verbose_name="наставник"
    )
    mentee = models.ForeignKey(
        Mentee, on_delete=models.CASCADE, related_name="compatibility_notes", verbose_name="наставляемый"
    )
    verdict = models.CharField("совместимость", max_length=20, choices=Verdict.choices)
    note = models.CharField("заключение педагога-психолога", max_length=1000, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField("когда", auto_now=True)

    ACCESS = AccessPaths(
        region="mentee__person__organization__municipality__region",
        municipality="mentee__person__organization__municipality",
        organization="mentee__person__organization",
    )

    class Meta:
        verbose_name = "заключение о совместимости"
        verbose_name_plural = "заключения о совместимости"
        constraints = [
            models.UniqueConstraint(fields=["mentor", "mentee"], name="mentoring_compatibilitynote_unique_pair")
        ]

    def __str__(self) -> str:
        return f"{self.mentor} — {self.mentee}: {self.get_verdict_display()}"
