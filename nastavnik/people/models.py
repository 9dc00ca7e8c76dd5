"""The registry of pedagogical workers and their consents (DESIGN §4.1–4.2). Personal data lives here only."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from nastavnik.accounts.access import ScopedQuerySet
from nastavnik.lib.access_paths import AccessPaths
from nastavnik.lib.dates import full_years
from nastavnik.lib.search import SearchKeyMixin
from nastavnik.lib.text import normalize
from nastavnik.lib.urls import detail_url
from nastavnik.orgs.models import Municipality, Organization, YoungRule


class Subject(SearchKeyMixin, models.Model):
    """A school subject or area of work; shared by people and mentors' profiles."""

    name = models.CharField("название", max_length=200, unique=True)
    search_key = models.CharField(max_length=200, unique=True, editable=False)

    class Meta:
        verbose_name = "предмет"
        verbose_name_plural = "предметы"
        ordering = ["search_key"]

    def __str__(self) -> str:
        return self.name

    def search_text(self) -> str:
        return self.name


class Gender(models.TextChoices):
    MALE = "male", "мужской"
    FEMALE = "female", "женский"


class Qualification(models.TextChoices):
    NONE = "none", "без категории"
    FIRST = "first", "первая"
    HIGHEST = "highest", "высшая"
    METHODIST = "methodist", "педагог-методист"
    MENTOR = "mentor", "педагог-наставник"


class PersonKind(models.TextChoices):
    PEDAGOGUE = "pedagogue", "педагогический работник"
    STUDENT = "student", "студент (практикант, стажёр)"
    SPECIALIST = "specialist", "специалист социального партнёра"
    PUPIL = "pupil", "обучающийся"


PERSON_ACCESS = AccessPaths(
    region="organization__municipality__region",
    municipality="organization__municipality",
    organization="organization",
    person="pk",
    personal=True,
)


class PersonQuerySet(ScopedQuerySet["Person"]):
    def alive(self) -> PersonQuerySet:
        return self.filter(deleted_at__isnull=True)

    def search(self, query: str) -> PersonQuerySet:
        """Any part of ФИО, any case, ё as е: «елкина» finds «Ёлкина»."""
        result = self
        for word in normalize(query).split():
            result = result.filter(search_key__substring=word)
        return result


class Person(SearchKeyMixin, models.Model):
    kind = models.CharField("кем является", max_length=20, choices=PersonKind.choices, default=PersonKind.PEDAGOGUE)
    last_name = models.CharField("фамилия", max_length=100)
    first_name = models.CharField("имя", max_length=100)
    middle_name = models.CharField("отчество", max_length=100, blank=True)
    gender = models.CharField("пол", max_length=6, choices=Gender.choices)
    birth_date = models.DateField("дата рождения", null=True, blank=True)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="people", verbose_name="организация"
    )
    position = models.CharField("должность", max_length=200, blank=True)
    subjects = models.ManyToManyField(Subject, blank=True, related_name="people", verbose_name="предметы")
    qualification = models.CharField(
        "квалификационная категория", max_length=20, choices=Qualification.choices, default=Qualification.NONE
    )
    experience_start = models.DateField("начало педагогического стажа", null=True, blank=True)
    education = models.CharField("образование", max_length=500, blank=True)
    email = models.EmailField("электронная почта", blank=True)
    phone = models.CharField("телефон", max_length=40, blank=True)
    declension = models.JSONField(
        "ФИО в падежах, если склоняется не по правилам",
        default=dict,
        blank=True,
        help_text='Например: {"genitive": "…", "dative": "…", "accusative": "…", "instrumental": "…"}; '
        "пусто — по правилам русского языка.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name="учётная запись",
    )
    search_key = models.CharField(max_length=310, editable=False, db_index=True)
    created_at = models.DateTimeField("создан", auto_now_add=True)
    updated_at = models.DateTimeField("изменён", auto_now=True)
    deleted_at = models.DateTimeField("удалён", null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords(m2m_fields=[subjects])
    objects = PersonQuerySet.as_manager()

    ACCESS = PERSON_ACCESS

    class Meta:
        verbose_name = "педагогический работник"
        verbose_name_plural = "педагогические работники"
        ordering = ["search_key", "pk"]
        indexes = [
            # A school's list: its people, not deleted, in Russian order, read in index order.
            models.Index(fields=["organization", "deleted_at", "search_key"], name="people_person_org_alive_search"),
            # Region-wide lists: the same without the organization; the count is read from the index alone.
            models.Index(fields=["deleted_at", "search_key"], name="people_person_alive_search"),
            # Bank lists join the people who are not deleted: PostgreSQL reads this small index instead of
            # the table (measured: a region-wide bank count 22 ms before, 4 ms after).
            models.Index(fields=["id"], condition=Q(deleted_at__isnull=True), name="people_person_alive_ids"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return detail_url("people:person-detail", self.pk)

    def search_text(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name, self.middle_name) if part)

    @property
    def short_name(self) -> str:
        """«Ёлкина А. В.»"""
        initials = " ".join(f"{part[0]}." for part in (self.first_name, self.middle_name) if part)
        return f"{self.last_name} {initials}".strip()

    def declined(self, case: str) -> str:
        """The full name in ``case`` (lib.declension.Case): the manual form in ``declension`` when the
        name is an exception, else by the rules with the record's gender."""
        from nastavnik.lib.declension import Case, decline_name

        manual = (self.declension or {}).get(case, "").strip()
        if manual:
            return manual
        return decline_name(self.last_name, self.first_name, self.middle_name, case=Case(case), gender=self.gender)

    def past(self, masculine: str) -> str:
        """A past participle agreed with the person: «внесён» → «внесена» for a woman."""
        if self.gender != Gender.FEMALE:
            return masculine
        return masculine.replace("ё", "е") + "а"

    def age(self, on: date) -> int | None:
        return full_years(self.birth_date, on) if self.birth_date else None

    def experience_years(self, on: date) -> int | None:
        return full_years(self.experience_start, on) if self.experience_start else None

    def is_under_35(self, on: date) -> bool:
        age = self.age(on)
        return age is not None and age < 35

    def is_young(self, on: date, municipality: Municipality | None = None) -> bool:
        """«Молодой педагог» by the municipality's rule (default: стаж < 3 лет или возраст < 35 лет)."""
        rule = municipality or self.organization.municipality
        experience = self.experience_years(on)
        age = self.age(on)
        by_experience = experience is not None and experience < rule.young_experience_years
        by_age = age is not None and age < rule.young_age_years
        if rule.young_rule == YoungRule.EXPERIENCE_AND_AGE:
            return by_experience and by_age
        if rule.young_rule == YoungRule.EXPERIENCE:
            return by_experience
        if rule.young_rule == YoungRule.AGE:
            return by_age
        return by_experience or by_age


class Employment(models.Model):
    """Where a person worked and when: the history of moves between organizations."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="employments", verbose_name="работник")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="employments", verbose_name="организация"
    )
    position = models.CharField("должность", max_length=200, blank=True)
    started_on = models.DateField("с")
    ended_on = models.DateField("по", null=True, blank=True)

    ACCESS = AccessPaths(
        region="person__organization__municipality__region",
        municipality="person__organization__municipality",
        organization="person__organization",
        person="person",
        personal=True,
    )

    class Meta:
        verbose_name = "место работы"
        verbose_name_plural = "места работы"
        ordering = ["person", "-started_on", "-pk"]


class ConsentKind(models.TextChoices):
    PROCESSING = "processing", "согласие на обработку персональных данных"
    PUBLICATION = "publication", "согласие на распространение персональных данных"


class ConsentMethod(models.TextChoices):
    PAPER = "paper", "подписано на бумаге"
    IN_PERSON = "in_person", "дано лично, записано куратором"


class ConsentQuerySet(ScopedQuerySet["Consent"]):
    def valid(self, on: date) -> ConsentQuerySet:
        return self.filter(given_on__lte=on).filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on))


class Consent(models.Model):
    """A consent of 152-ФЗ: to processing (art. 9 part 4) or to publication (art. 10.1), its own document."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents", verbose_name="работник")
    kind = models.CharField("вид", max_length=20, choices=ConsentKind.choices)
    given_on = models.DateField("дата согласия")
    text_version = models.CharField("редакция текста", max_length=20)
    method = models.CharField("как дано", max_length=20, choices=ConsentMethod.choices, default=ConsentMethod.PAPER)
    representative = models.CharField("законный представитель (для обучающегося)", max_length=300, blank=True)
    scan = models.FileField("скан подписанного согласия", upload_to="consents/%Y/", blank=True)
    withdrawn_on = models.DateField("дата отзыва", null=True, blank=True)
    withdrawal_note = models.CharField("основание отзыва", max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("записано", auto_now_add=True)

    history = HistoricalRecords()
    objects = ConsentQuerySet.as_manager()

    ACCESS = Employment.ACCESS

    class Meta:
        verbose_name = "согласие"
        verbose_name_plural = "согласия"
        ordering = ["person", "kind", "-given_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
                name="people_consent_withdrawn_after_given",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} от {self.given_on:%d.%m.%Y}"

    def is_valid(self, on: date) -> bool:
        return self.given_on <= on and (self.withdrawn_on is None or self.withdrawn_on > on)


def mark_consents(people: Iterable[Person], *, on: date) -> None:
    """Set ``has_processing_consent`` and ``has_publication_consent`` on a page of people, in one query.

    Asked per page rather than as a subquery of the list: PostgreSQL would scan every consent of the
    region to answer a correlated EXISTS over a sorted, limited list.
    """
    people = list(people)
    kinds: dict[int, set[str]] = {}
    valid = Consent.objects.valid(on).filter(person__in=[p.pk for p in people]).values_list("person_id", "kind")
    for person_id, kind in valid:
        kinds.setdefault(person_id, set()).add(kind)
    for person in people:
        found = kinds.get(person.pk, set())
        person.has_processing_consent = ConsentKind.PROCESSING in found  # type: ignore[attr-defined]
        person.has_publication_consent = ConsentKind.PUBLICATION in found  # type: ignore[attr-defined]
