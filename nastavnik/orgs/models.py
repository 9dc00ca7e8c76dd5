"""Region → municipalities → organizations (DESIGN §4.1)."""

from __future__ import annotations

from django.db import models

from nastavnik.lib.access_paths import AccessPaths
from nastavnik.lib.search import SearchKeyMixin
from nastavnik.lib.text import normalize
from nastavnik.lib.urls import detail_url


class Region(models.Model):
    name = models.CharField("название", max_length=200, unique=True)

    ACCESS = AccessPaths(region="pk", municipality=None, organization=None)

    class Meta:
        verbose_name = "регион"
        verbose_name_plural = "регионы"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class YoungRule(models.TextChoices):
    EXPERIENCE_OR_AGE = "experience_or_age", "стаж меньше порога или возраст меньше порога"
    EXPERIENCE_AND_AGE = "experience_and_age", "стаж меньше порога и возраст меньше порога"
    EXPERIENCE = "experience", "только стаж меньше порога"
    AGE = "age", "только возраст меньше порога"


class Municipality(models.Model):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name="регион")
    name = models.CharField("название", max_length=200)
    young_rule = models.CharField(
        "правило «молодой педагог»", max_length=20, choices=YoungRule.choices, default=YoungRule.EXPERIENCE_OR_AGE
    )
    young_experience_years = models.PositiveSmallIntegerField("порог стажа, лет", default=3)
    young_age_years = models.PositiveSmallIntegerField("порог возраста, лет", default=35)
    default_mentor_capacity = models.PositiveSmallIntegerField(
        "наставляемых на одного наставника по умолчанию", default=2
    )

    ACCESS = AccessPaths(region="region", municipality="pk", organization=None)

    class Meta:
        verbose_name = "муниципалитет"
        verbose_name_plural = "муниципалитеты"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="orgs_municipality_unique_name")]

    def __str__(self) -> str:
        return self.name


class OrganizationKind(models.TextChoices):
    SCHOOL = "school", "общеобразовательная организация"
    PRESCHOOL = "preschool", "дошкольная образовательная организация"
    ADDITIONAL = "additional", "организация дополнительного образования"
    COLLEGE = "college", "профессиональная образовательная организация (СПО)"
    UNIVERSITY = "university", "образовательная организация высшего образования"
    PARTNER = "partner", "социальный партнёр"


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def search(self, query: str) -> OrganizationQuerySet:
        key = normalize(query)
        return self.filter(search_key__substring=key) if key else self


class Organization(SearchKeyMixin, models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="organizations", verbose_name="муниципалитет"
    )
    kind = models.CharField("тип", max_length=20, choices=OrganizationKind.choices, default=OrganizationKind.SCHOOL)
    name = models.CharField("полное наименование", max_length=500)
    short_name = models.CharField("краткое наименование", max_length=200)
    address = models.CharField("адрес", max_length=500, blank=True)
    website = models.URLField("адрес сайта", blank=True)
    head_name = models.CharField("руководитель (ФИО)", max_length=200, blank=True)
    head_position = models.CharField("должность руководителя", max_length=200, blank=True, default="директор")
    search_key = models.CharField(max_length=800, editable=False, db_index=True)

    objects = OrganizationQuerySet.as_manager()

    ACCESS = AccessPaths(region="municipality__region", municipality="municipality", organization="pk")

    class Meta:
        verbose_name = "организация"
        verbose_name_plural = "организации"
        ordering = ["search_key"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "short_name"], name="orgs_organization_unique_short_name")
        ]

    def __str__(self) -> str:
        return self.short_name

    def get_absolute_url(self) -> str:
        return detail_url("orgs:organization-detail", self.pk)

    def search_text(self) -> str:
        return f"{self.short_name} {self.name}"
